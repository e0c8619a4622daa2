import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { billing, tempProject } from '../cli/cli-harness.js';
import { createKit } from '../server/server-kit.js';

/**
 * `data` paths in a policy resolve relative to the policy file; one that names nothing is reported at its
 * `data` statement — policy file, line, column — with the path as written and as resolved: by the CLI (exit 2,
 * no output written) and by the language server (DataStatus error).
 */

const CUR = [
    'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount',
    '2026-01-01T00:00:00Z,111111111111,AmazonEC2,BoxUsage,RunInstances,Usage,USD,12.50,12.50,1',
    '',
].join('\n');
const POLICY_BODY = 'account 111111111111 "web-prod"\nrule at-cost { markup 0% }\nplan p { rules at-cost }\ngroup web { primary web-prod accounts web-prod plan p }\n';

const project = tempProject({
    'policies/found.billing': `data "../cur/2026-01.csv"\n${POLICY_BODY}`,
    'policies/missing.billing': `// a data file next to the policy\ndata   "cur.csv"\n${POLICY_BODY}`,
    'policies/empty-folder.billing': `data "../empty"\n${POLICY_BODY}`,
    'cur/2026-01.csv': CUR,
    'empty/readme.txt': 'no data here\n',
    // A cur.csv in the working directory must not be taken for the policy's (relative to the policy, not the cwd).
    'cur.csv': CUR,
    'out.json': 'previous report\n',
});
afterAll(() => project.dispose());

describe('data paths of a policy, in the CLI', () => {
    it('resolve relative to the policy file, whatever the working directory', () => {
        for (const cwd of [project.dir, path.join(project.dir, 'cur')]) {
            const policy = path.relative(cwd, path.join(project.dir, 'policies/found.billing'));
            const result = billing(['bill', policy, '--format', 'json'], cwd);
            expect(result.status, result.stderr).toBe(0);
            expect(JSON.parse(result.stdout).total.awsCost).toBe('12.5');
        }
    });

    it('a missing one is an error at the data statement naming the resolved path: exit 2, no stack trace, the output untouched', () => {
        const result = billing(['bill', 'policies/missing.billing', '--output', 'out.json'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('policies/missing.billing:2:8: data path "cur.csv" resolves to ');
        expect(result.stderr).toContain(path.join(project.dir, 'policies', 'cur.csv'));
        expect(result.stderr).toContain('no such file or directory');
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(readFileSync(path.join(project.dir, 'out.json'), 'utf8')).toBe('previous report\n');
    });

    it('a folder without data files is said the same way', () => {
        const result = billing(['bill', 'policies/empty-folder.billing'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('policies/empty-folder.billing:1:6: data path "../empty" resolves to ' + path.join(project.dir, 'empty'));
        expect(result.stderr).toContain('holds no .csv, .csv.gz or .parquet file');
    });
});

describe('data paths of a policy, in the language server', () => {
    it('a missing one makes the data status an error naming the policy file, the statement and the resolved path', async () => {
        const kit = createKit({ dataPaths: null });
        const file = path.join(project.dir, 'policies', 'missing.billing');
        await kit.open(readFileSync(file, 'utf8'), file);
        const status = kit.services.server.Data.status();
        expect(status.state).toBe('error');
        expect(status.message).toContain('missing.billing:2:8: data path "cur.csv" resolves to ' + path.join(project.dir, 'policies', 'cur.csv'));
        expect(status.message).toContain('no such file or directory');
        await kit.reset();
    });

    it('an existing one relative to the policy loads', async () => {
        const kit = createKit({ dataPaths: null });
        const file = path.join(project.dir, 'policies', 'found.billing');
        await kit.open(readFileSync(file, 'utf8'), file);
        expect(kit.services.server.Data.status()).toMatchObject({ state: 'ready', rows: 1 });
        await kit.reset();
    });
});
