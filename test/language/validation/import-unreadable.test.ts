import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingServices } from '../../../language/billing-module.js';
import { Issues } from '../../../language/validation/issue-codes.js';
import { loadPolicyFiles } from '../../../language/workspace/policy-loader.js';

/** The disk as it is, except that reading the files named in `unreadable` fails with `code` (as mode 000 or an I/O error do). */
class FailingReads extends NodeFileSystemProvider {
    constructor(private readonly unreadable: ReadonlySet<string>, private readonly code: string) { super(); }
    private check(uri: URI): void {
        if (this.unreadable.has(uri.fsPath)) throw Object.assign(new Error(`${this.code}: cannot read ${uri.fsPath}`), { code: this.code });
    }
    override async readFile(uri: URI): Promise<string> { this.check(uri); return super.readFile(uri); }
    override readFileSync(uri: URI): string { this.check(uri); return super.readFileSync(uri); }
}

describe('an import that exists but cannot be read (issue 17 item 4)', () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'billing-unreadable-'));
        writeFileSync(path.join(dir, 'accounts.billing'), 'account 111111111111 "web-prod"\n');
        writeFileSync(path.join(dir, 'groups.billing'), 'import "accounts.billing"\nrule m { markup 5% }\nplan p { rules m }\ngroup web {\n  primary web-prod\n  accounts web-prod\n  plan p\n}\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(['EACCES', 'EIO', 'EPERM'])('%s: an error at the import statement, naming the file and the reason; never a clean validation', async (code) => {
        const target = path.join(dir, 'accounts.billing');
        const services = createBillingServices({ fileSystemProvider: () => new FailingReads(new Set([target]), code) }).Billing;
        const loaded = await loadPolicyFiles([path.join(dir, 'groups.billing')], services);
        const errors = loaded.diagnostics.filter((entry) => entry.diagnostic.severity === 1);
        const unreadable = errors.filter((entry) => entry.diagnostic.code === Issues.importUnreadable.code);
        expect(unreadable).toHaveLength(1);
        expect(unreadable[0]!.file).toBe(path.join(dir, 'groups.billing'));
        expect(unreadable[0]!.diagnostic.range.start.line).toBe(0);
        expect(unreadable[0]!.diagnostic.message).toBe(`cannot import 'accounts.billing': '${target}' exists but cannot be read (${code})`);
        expect(errors.some((entry) => entry.diagnostic.code === Issues.importNotFound.code)).toBe(false);
    });

    it('the same files, readable, validate clean (the error above is the read failure, nothing else)', async () => {
        const services = createBillingServices({ fileSystemProvider: () => new FailingReads(new Set(), 'EACCES') }).Billing;
        const loaded = await loadPolicyFiles([path.join(dir, 'groups.billing')], services);
        expect(loaded.diagnostics.filter((entry) => entry.diagnostic.severity === 1).map((entry) => entry.diagnostic.message)).toEqual([]);
    });
});
