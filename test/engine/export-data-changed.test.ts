import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProformaCur, fileStamps } from '../../engine/export/index.js';
import { generateCur } from '../../engine/generate/index.js';
import { ingest, IngestError } from '../../engine/ingest/index.js';
import { prepareCube, pricePolicy } from '../../engine/price/index.js';
import type { PolicyModel } from '../../engine/policy/model.js';
import { group, markup, policy } from './price/fixtures.js';
import { tempDir } from './ingest/helpers.js';

/**
 * Export reads the data twice, to price and to stream the rows (issue 17 item 5): a file replaced in between
 * (a new delivery) fails the export with DATA_CHANGED, and nothing is written; an unchanged file exports.
 */
let dir: string;
let model: PolicyModel;
beforeAll(async () => {
    dir = tempDir('export-changed');
    await generateCur({ output: path.join(dir, 'cur.csv'), rows: 300, seed: 2, accounts: ['111111111111', '222222222222'], periods: ['2026-01'] });
    model = policy([markup('m', '5')], [group('g', { primary: '111111111111' })]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exportWith(change: (file: string) => void, output: string): Promise<unknown> {
    const file = path.join(dir, 'cur.csv');
    const stamps = await fileStamps([file]);
    const cube = await ingest([file]);
    const priced = pricePolicy(prepareCube(cube), model, {});
    change(file);
    return exportProformaCur({ priced, groupIndex: 0, files: cube.sources, output, stamps });
}

describe('export checks that the data it streams is the data it priced', () => {
    it.each([
        ['rewritten with other content (a new delivery)', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(/\n[^\n]*\n$/, '\n'))],
        ['touched (same bytes, new modification time)', (file: string) => utimesSync(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'))],
    ])('%s: DATA_CHANGED naming the file, no output', async (_what, change) => {
        const output = path.join(dir, `out-${Math.random().toString(36).slice(2)}.csv`);
        const error = await exportWith(change, output).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(IngestError);
        expect((error as IngestError).code).toBe('DATA_CHANGED');
        expect((error as IngestError).file).toBe(path.join(dir, 'cur.csv'));
        expect(existsSync(output)).toBe(false);
        expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it('an unchanged file exports', async () => {
        const output = path.join(dir, 'unchanged.csv');
        await exportWith(() => undefined, output);
        expect(existsSync(output)).toBe(true);
    });
});
