import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR1_COLUMNS } from '../../../engine/generate/index.js';
import { IngestError, resolveDataPaths } from '../../../engine/ingest/index.js';
import { tempDir } from './helpers.js';

/** Manifest keys never read outside the manifest's folder, and two keys are never satisfied by one local file (issue 18). */
let dir: string;
beforeAll(() => {
    dir = tempDir('manifest-keys');
    mkdirSync(path.join(dir, 'bucket', 'report'), { recursive: true });
    writeFileSync(path.join(dir, 'outside.csv'), CUR1_COLUMNS.join(',') + '\n');
    writeFileSync(path.join(dir, 'bucket', 'report', 'cur-1.csv'), CUR1_COLUMNS.join(',') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(keys: readonly string[]): string {
    const file = path.join(dir, 'bucket', 'report', `m-${Math.random().toString(36).slice(2)}-Manifest.json`);
    writeFileSync(file, JSON.stringify({ reportKeys: keys }));
    return file;
}

async function failure(file: string): Promise<IngestError> {
    try {
        await resolveDataPaths([file]);
    } catch (error) {
        if (error instanceof IngestError) return error;
        throw error;
    }
    throw new Error('expected an IngestError');
}

describe('manifest keys', () => {
    it.each([
        '../../outside.csv',
        'report/../../../outside.csv',
        's3://bucket/../outside.csv',
        () => path.join(dir, 'outside.csv'),
    ])('%s: refused as pointing outside the manifest folder', async (key) => {
        const given = typeof key === 'function' ? key() : key;
        const file = manifest([given]);
        const error = await failure(file);
        expect(error.code).toBe('INVALID_MANIFEST');
        expect(error.file).toBe(file);
        expect(error.message).toContain('points outside the manifest\'s folder');
    });

    it('two different keys found as one local file are an error naming both keys', async () => {
        const file = manifest(['s3://bucket/a/20260101-20260201/cur-1.csv', 's3://bucket/b/20260101-20260201/cur-1.csv']);
        const error = await failure(file);
        expect(error.code).toBe('INVALID_MANIFEST');
        expect(error.message).toContain('"s3://bucket/a/20260101-20260201/cur-1.csv" and "s3://bucket/b/20260101-20260201/cur-1.csv", which are both found locally');
    });

    it('a key below the folder is found', async () => {
        expect(await resolveDataPaths([manifest(['s3://bucket/report/cur-1.csv'])])).toEqual([path.join(dir, 'bucket', 'report', 'cur-1.csv')]);
    });
});
