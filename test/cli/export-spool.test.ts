import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCur } from '../../engine/generate/index.js';
import { billing, repoRoot, tempProject } from './cli-harness.js';

/**
 * `billing export` spools the group's rows to a private folder of the temporary directory while the ingest reads
 * them (engine/ingest/row-spool.ts); the folder is gone when the command ends, written or failed.
 */
describe('billing export: the row spool leaves no temporary file', () => {
    let project: ReturnType<typeof tempProject>;
    let tmp: string;
    beforeAll(async () => {
        project = tempProject({ 'acme.billing': readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8') });
        tmp = path.join(project.dir, 'tmp');
        mkdirSync(tmp);
        await generateCur({ output: path.join(project.dir, 'data', 'cur.csv'), rows: 400, seed: 3, accounts: ['111111111111', '222222222222', '333333333333'], periods: ['2026-01', '2026-02'] });
        const good = readFileSync(path.join(project.dir, 'data', 'cur.csv'), 'utf8').trimEnd().split('\n');
        // A row with one field too many, near the end: the ingest fails after the spool was started.
        mkdirSync(path.join(project.dir, 'bad'));
        writeFileSync(path.join(project.dir, 'bad', 'cur.csv'), [...good.slice(0, -1), `${good.at(-1)},extra`].join('\n') + '\n');
    });
    afterAll(() => project.dispose());

    const run = (args: readonly string[]): ReturnType<typeof billing> => billing(['export', 'acme.billing', '-g', 'web', ...args], project.dir, { TMPDIR: tmp });

    it('after a written file', () => {
        const result = run(['--data', 'data', '--out', 'web.csv']);
        expect(result.stderr).toMatch(/^wrote web\.csv: group web, /m);
        expect(result.status).toBe(0);
        expect(readdirSync(tmp)).toEqual([]);
    });

    it('after malformed data (the ingest fails) and after an output that cannot be written (under a file: the export fails)', () => {
        const malformed = run(['--data', 'bad', '--out', 'web-bad.csv']);
        expect(malformed.status).toBe(2);
        expect(malformed.stderr).toMatch(/RAGGED_ROW|fields but the header has/);
        expect(readdirSync(tmp)).toEqual([]);
        const unwritable = run(['--data', 'data', '--out', 'acme.billing/web.csv']);
        expect(unwritable.status).toBe(2);
        expect(readdirSync(tmp)).toEqual([]);
        expect(readdirSync(project.dir).filter((name) => name.startsWith('web-bad'))).toEqual([]);
    });
});
