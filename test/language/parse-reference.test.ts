import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createBillingServices } from '../../language/billing-module.js';
import type { Policy } from '../../language/generated/ast.js';

describe('reference example', () => {
    it('parses without lexer or parser errors', async () => {
        const services = createBillingServices(EmptyFileSystem).Billing;
        const doc = await parseHelper<Policy>(services)(readFileSync('examples/acme.billing', 'utf8'));
        expect(doc.parseResult.lexerErrors).toEqual([]);
        expect(doc.parseResult.parserErrors).toEqual([]);
        expect(doc.parseResult.value.statements).toHaveLength(13);
    });
});
