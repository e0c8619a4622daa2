import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NodeFileSystem } from 'langium/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingServices } from '../../../language/billing-module.js';
import { Issues } from '../../../language/validation/issue-codes.js';
import { loadPolicyFiles } from '../../../language/workspace/policy-loader.js';

describe('an import of a file that is not a .billing policy (BIL113)', () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'billing-import-kind-'));
        writeFileSync(path.join(dir, 'notes.txt'), 'account 111111111111 "web-prod"\n');
        writeFileSync(path.join(dir, 'cur.csv'), 'lineItem/UsageAccountId\n111111111111\n');
        writeFileSync(path.join(dir, 'accounts.billing'), 'account 111111111111 "web-prod"\n');
        writeFileSync(path.join(dir, 'groups.billing'), 'import "notes.txt"\nimport "cur.csv"\nimport "accounts.billing"\nrule m { markup 5% }\nplan p { rules m }\ngroup web {\n  primary web-prod\n  accounts web-prod\n  plan p\n}\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is an error at each such import, saying what was expected; never BIL112 "cannot be read"', async () => {
        const loaded = await loadPolicyFiles([path.join(dir, 'groups.billing')], createBillingServices(NodeFileSystem).Billing);
        const errors = loaded.diagnostics.filter((entry) => entry.diagnostic.severity === 1);
        expect(errors.map((entry) => [entry.diagnostic.code, entry.diagnostic.range.start.line, entry.diagnostic.message])).toEqual([
            [Issues.importNotPolicy.code, 0, "cannot import 'notes.txt': not a policy file: expected a .billing file"],
            [Issues.importNotPolicy.code, 1, "cannot import 'cur.csv': billing data (CUR / FOCUS) is not imported: name it with a `data` statement"],
        ]);
        // The .billing import beside them loads: web-prod is declared, the group is clean.
        expect(errors.some((entry) => entry.diagnostic.code === Issues.importUnreadable.code)).toBe(false);
    });
});
