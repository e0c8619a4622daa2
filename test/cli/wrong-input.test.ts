import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, repoRoot, tempProject } from './cli-harness.js';

/**
 * Every kind of wrong input file, for every command that reads a policy: exit 2, ONE line on stderr naming the file
 * and what was expected, no stack trace, nothing on stdout.
 */
const sample = path.join(repoRoot, 'examples', 'data', 'sample-cur.csv');
let project: ReturnType<typeof tempProject>;

beforeAll(() => {
    project = tempProject({
        'notes.txt': 'Remember to close the month.\n',
        'acme.billing': readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8'),
        'only-notes/readme.md': '# not a policy\n',
        'only-notes/more/notes.txt': 'nothing here\n',
    });
    const dir = project.dir;
    copyFileSync(sample, path.join(dir, 'cur.csv'));
    writeFileSync(path.join(dir, 'cur.csv.gz'), gzipSync(readFileSync(sample)));
    // A CUR export renamed to .billing is still data.
    copyFileSync(sample, path.join(dir, 'renamed-cur.billing'));
    writeFileSync(path.join(dir, 'export.parquet'), Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]));
    writeFileSync(path.join(dir, 'nul.billing'), Buffer.from([0x72, 0x75, 0x6c, 0x65, 0x00, 0x01, 0x02, 0xff]));
    // Latin-1 "é" (0xE9) without its UTF-8 continuation: not UTF-8, though no NUL byte.
    writeFileSync(path.join(dir, 'latin1.billing'), Buffer.from('account 111111111111 "caf\xe9"\n', 'latin1'));
    writeFileSync(path.join(dir, 'gzip.billing'), gzipSync(Buffer.from('rule r { markup 5% }\n')));
    mkdirSync(path.join(dir, 'empty-folder'));
});

afterAll(() => project?.dispose());

const notPolicy = 'not a policy file: expected a .billing file';
const data = 'billing data (CUR / FOCUS), not a policy: expected a .billing file (pass data with --data)';
const binary = 'binary content, not policy text: expected a UTF-8 .billing file';

const cases: readonly { readonly name: string; readonly args: readonly string[]; readonly line: string | RegExp }[] = [
    { name: 'a .txt file as the policy (validate)', args: ['validate', 'notes.txt'], line: `billing: notes.txt: ${notPolicy}` },
    { name: 'a .txt file among good ones', args: ['validate', 'acme.billing', 'notes.txt'], line: `billing: notes.txt: ${notPolicy}` },
    { name: 'a CUR file as the policy (validate)', args: ['validate', 'cur.csv'], line: `billing: cur.csv: ${data}` },
    { name: 'a CUR file as the policy (bill)', args: ['bill', 'cur.csv'], line: `billing: cur.csv: ${data}` },
    { name: 'a gzipped CUR as the policy (check)', args: ['check', 'cur.csv.gz'], line: `billing: cur.csv.gz: ${data}` },
    { name: 'a Parquet file as the policy (export)', args: ['export', 'export.parquet', '-g', 'web', '-o', 'web.csv'], line: `billing: export.parquet: ${data}` },
    { name: 'a CUR renamed to .billing (sql)', args: ['sql', 'renamed-cur.billing', '--dialect', 'duckdb'], line: `billing: renamed-cur.billing: ${data}` },
    { name: 'a binary .billing with NUL bytes', args: ['validate', 'nul.billing'], line: `billing: nul.billing: ${binary}` },
    { name: 'a .billing that is not UTF-8', args: ['validate', 'latin1.billing'], line: `billing: latin1.billing: ${binary}` },
    { name: 'a gzipped .billing', args: ['bill', 'gzip.billing'], line: `billing: gzip.billing: ${binary}` },
    { name: 'a glob matching a binary .billing', args: ['validate', '*.billing'], line: /^billing: (latin1|gzip|nul|renamed-cur)\.billing: / },
    {
        name: 'a folder of non-policies', args: ['validate', 'only-notes'],
        line: 'billing: no .billing files found in only-notes (searched recursively, skipping node_modules and dot-folders)',
    },
    {
        name: 'an empty folder', args: ['bill', 'empty-folder'],
        line: 'billing: no .billing files found in empty-folder (searched recursively, skipping node_modules and dot-folders)',
    },
    { name: 'a .txt file as the BASE of diff', args: ['diff', 'notes.txt', 'acme.billing'], line: `billing: BASE notes.txt: ${notPolicy}` },
    { name: 'a CUR file as the HEAD of diff', args: ['diff', 'acme.billing', 'cur.csv'], line: `billing: HEAD cur.csv: ${data}` },
    { name: 'a policy given as --data', args: ['bill', 'acme.billing', '--data', 'acme.billing'], line: /^billing: acme\.billing:1: the header matches no known format/ },
    { name: 'a text file given as --data', args: ['bill', 'acme.billing', '--data', 'notes.txt'], line: /^billing: notes\.txt:1: the header matches no known format/ },
];

describe('wrong input files', () => {
    it.each(cases)('$name: exit 2, one line naming the file and what was expected', ({ args, line }) => {
        const result = billing(args, project.dir);
        expect(result.status, result.stderr).toBe(2);
        expect(result.stdout).toBe('');
        const lines = result.stderr.split('\n').filter((entry) => entry.length > 0);
        expect(lines, result.stderr).toHaveLength(1);
        if (typeof line === 'string') expect(lines[0]).toBe(line);
        else expect(lines[0]).toMatch(line);
        expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
    });
});
