import { describe, expect, it } from 'vitest';
import { progressBar, renderBar } from '../../cli/data/progress.js';

function sink(isTTY: boolean): { isTTY: boolean; text: string; write(text: string): void } {
    return { isTTY, text: '', write(text: string) { this.text += text; } };
}

describe('ingest progress bar', () => {
    it('draws nothing when stderr is not a terminal', () => {
        const stderr = sink(false);
        let now = 0;
        const bar = progressBar(stderr, 'reading data', () => now);
        for (now = 0; now <= 5000; now += 50) bar.update(now, 5000);
        bar.done();
        expect(stderr.text).toBe('');
    });

    it('on a terminal, appears only for long reads, redraws at most every 100 ms and erases itself', () => {
        const stderr = sink(true);
        let now = 0;
        const bar = progressBar(stderr, 'reading data', () => now);
        now = 300;
        bar.update(10, 100);
        expect(stderr.text).toBe('');
        now = 500;
        bar.update(40e6, 100e6);
        expect(stderr.text).toBe(`\r${renderBar('reading data', 40e6, 100e6)}`);
        now = 550;
        bar.update(50e6, 100e6);
        expect(stderr.text.split('\r')).toHaveLength(2);
        now = 700;
        bar.update(100e6, 100e6);
        bar.done();
        expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
        expect(renderBar('reading data', 40e6, 100e6)).toBe('reading data [############··················]  40%  40.0 / 100.0 MB');
    });

    it('a quick read leaves no trace', () => {
        const stderr = sink(true);
        const bar = progressBar(stderr, 'reading data', () => 0);
        bar.update(1, 1);
        bar.done();
        expect(stderr.text).toBe('');
    });
});
