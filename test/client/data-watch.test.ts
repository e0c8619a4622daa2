import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatcher, watchTargets } from '../../client/data-watch.js';

describe('data watch targets', () => {
    const folders = new Set([path.join('/data', 'cur')]);
    const isFolder = (file: string) => folders.has(file);

    it('a file → itself; a folder → everything below it; a glob → its pattern below its folder part', () => {
        expect(watchTargets([
            path.join('/data', 'march.csv'),
            path.join('/data', 'cur'),
            path.join('/data', 'exports', '*', '*.parquet'),
        ], isFolder)).toEqual([
            { base: '/data', pattern: 'march.csv' },
            { base: path.join('/data', 'cur'), pattern: '**/*' },
            { base: path.join('/data', 'exports'), pattern: '*/*.parquet' },
        ]);
    });

    it('one watcher per target, whatever the number of paths naming it', () => {
        expect(watchTargets(['/data/a.csv', '/data/a.csv'], isFolder)).toHaveLength(1);
    });
});

describe('change batcher', () => {
    afterEach(() => vi.useRealTimers());

    it('hands the changed files over once, after the last change (a file written in chunks is read once)', () => {
        vi.useFakeTimers();
        const flushed: string[][] = [];
        const batcher = new ChangeBatcher(500, paths => flushed.push([...paths]));
        batcher.add('/data/a.csv');
        vi.advanceTimersByTime(400);
        batcher.add('/data/a.csv');
        batcher.add('/data/b.csv');
        vi.advanceTimersByTime(400);
        expect(flushed).toEqual([]);
        vi.advanceTimersByTime(100);
        expect(flushed).toEqual([['/data/a.csv', '/data/b.csv']]);
        batcher.add('/data/c.csv');
        batcher.dispose();
        vi.advanceTimersByTime(1000);
        expect(flushed).toHaveLength(1);
    });
});
