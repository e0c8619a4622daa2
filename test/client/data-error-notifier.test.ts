import { describe, expect, it } from 'vitest';
import type { DataStatus } from '../../server/protocol.js';
import { DataErrorNotifier, openAtRowAction, SELECT_DATA } from '../../client/data-error-notifier.js';
import { applyDataDiagnostics, isDataDiagnostic, normalizeDataDiagnostics } from '../../client/data-diagnostics.js';

const error = (message: string, errorLocation?: DataStatus['errorLocation']): DataStatus => ({ state: 'error', source: 'cur.csv', periods: [], message, ...(errorLocation ? { errorLocation } : {}) });
const ready: DataStatus = { state: 'ready', source: 'cur.csv', periods: ['2026-03'] };

/** A fake VS Code: notifications stay open until the test closes them (with a choice or without). */
function host() {
    const open: { message: string; actions: readonly string[]; close: (choice?: string) => void }[] = [];
    const calls: string[] = [];
    const notifier = new DataErrorNotifier({
        show: (message, actions) => new Promise(resolve => open.push({ message, actions, close: choice => resolve(choice) })),
        selectData: () => calls.push('selectData'),
        openAt: location => calls.push(`openAt ${location.file}:${location.line}`),
    });
    const settle = () => new Promise(resolve => setTimeout(resolve, 0));
    return { notifier, open, calls, settle };
}

describe('data error notifications', () => {
    it('offer "Open file at row N" for an error in a CSV, opening its line', async () => {
        const { notifier, open, calls, settle } = host();
        notifier.update(error('cur.csv: row 3 (line 4): 11 fields, the header has 12', { file: '/data/cur.csv', line: 4, row: 3 }));
        expect(open.map(n => n.actions)).toEqual([['Open file at row 3', SELECT_DATA]]);
        open[0]!.close('Open file at row 3');
        await settle();
        expect(calls).toEqual(['openAt /data/cur.csv:4']);
    });

    it('do not stack: one open at a time, replaced by the latest error when it closes, nothing after a good load', async () => {
        const { notifier, open, calls, settle } = host();
        notifier.update(error('first'));
        notifier.update(error('second'));
        notifier.update(error('third'));
        expect(open.map(n => n.message)).toEqual(['Billing data could not be loaded from cur.csv: first']);
        open[0]!.close();
        await settle();
        // Only the latest error is shown next, never the ones in between.
        expect(open.map(n => n.message)).toEqual(['Billing data could not be loaded from cur.csv: first', 'Billing data could not be loaded from cur.csv: third']);
        notifier.update(ready);
        // A stale notice's action does nothing once the data loaded; nothing new is shown.
        open[1]!.close(SELECT_DATA);
        await settle();
        expect(calls).toEqual([]);
        expect(open).toHaveLength(2);
    });

    it('show the same error once, and again after it was fixed and came back', async () => {
        const { notifier, open, settle } = host();
        notifier.update(error('broken'));
        open[0]!.close();
        await settle();
        notifier.update(error('broken'));
        expect(open).toHaveLength(1);
        notifier.update(ready);
        notifier.update(error('broken'));
        expect(open).toHaveLength(2);
    });

    it('offer no row for a gzip or Parquet file (no line to open)', () => {
        expect(openAtRowAction({ file: '/d/cur.csv.gz', line: 4, row: 3 })).toBeUndefined();
        expect(openAtRowAction({ file: '/d/cur.parquet', line: 4 })).toBeUndefined();
        expect(openAtRowAction({ file: '/d/CUR.CSV', line: 10 })).toBe('Open file at row 9');
    });
});

describe('billing.diagnostics.data', () => {
    const diagnostics = [{ code: 'BIL100', severity: 2 }, { code: 'BIL014', severity: 1 }, { code: { value: 'BIL107', target: 'x' }, severity: 1 }, { code: 'BIL112', severity: 0 }];
    const withSeverity = (d: { code: unknown; severity: number }, severity: number) => ({ ...d, severity });

    it('knows the data-aware codes from the catalogue (not BIL112/BIL113, import errors)', () => {
        expect(diagnostics.map(d => isDataDiagnostic(d.code))).toEqual([true, false, true, false]);
    });

    it('shows them as reported, not at all, or at one severity; the others untouched', () => {
        expect(applyDataDiagnostics(diagnostics, 'on', withSeverity)).toEqual(diagnostics);
        expect(applyDataDiagnostics(diagnostics, 'off', withSeverity).map(d => d.code)).toEqual(['BIL014', 'BIL112']);
        expect(applyDataDiagnostics(diagnostics, 'hint', withSeverity).map(d => d.severity)).toEqual([3, 1, 3, 0]);
        expect(applyDataDiagnostics(diagnostics, 'error', withSeverity).map(d => d.severity)).toEqual([0, 1, 0, 0]);
    });

    it('reads anything unknown as on', () => {
        expect(normalizeDataDiagnostics(undefined)).toBe('on');
        expect(normalizeDataDiagnostics('loud')).toBe('on');
        expect(normalizeDataDiagnostics('off')).toBe('off');
    });
});
