import { describe, expect, it } from 'vitest';
import { describeServerFailure, describeStatus, shortenSource } from '../../client/status/status-text.js';

describe('status bar text', () => {
    it('ready: source and period', () => {
        const p = describeStatus({ state: 'ready', source: 'bundled sample', periods: ['2026-01', '2026-02'], period: '2026-02', rows: 1800 });
        expect(p.text).toBe('$(beaker) bundled sample · 2026-02');
        expect(p.tooltip).toContain('1,800 rows');
        expect(p.tooltip).toContain('Periods in the data: 2026-01, 2026-02');
        expect(p.severity).toBe('normal');
    });

    it('ready without an explicit period shows the latest', () => {
        expect(describeStatus({ state: 'ready', source: 'cur', periods: ['2026-01', '2026-03'] }).text).toBe('$(database) cur · 2026-03');
    });

    it('loading: spinner and percentage', () => {
        const p = describeStatus({ state: 'loading', source: 'cur/2026', periods: [], progress: 0.426 });
        expect(p.text).toBe('$(sync~spin) Billing: loading cur/2026 42%');
        expect(describeStatus({ state: 'loading', periods: [] }).text).toBe('$(sync~spin) Billing: loading no data');
    });

    it('error, cancelled, none, and before the server speaks', () => {
        const error = describeStatus({ state: 'error', source: 'x.csv', periods: [], message: 'x.csv:2: bad header' });
        expect(error.severity).toBe('error');
        expect(error.text).toBe('$(error) Billing: data error');
        expect(error.tooltip).toContain('x.csv:2: bad header');
        expect(describeStatus({ state: 'cancelled', periods: [] }).severity).toBe('warning');
        expect(describeStatus({ state: 'none', periods: [] }).text).toBe('$(database) Billing: no data');
        expect(describeStatus(undefined).text).toBe('$(database) Billing: starting…');
    });

    it('shortens long sources from the left, keeping whole path segments', () => {
        expect(shortenSource('short.csv')).toBe('short.csv');
        expect(shortenSource('/home/finops/exports/acme/cur/2026/03/acme-cur-00001.csv.gz', 40)).toBe('…/acme/cur/2026/03/acme-cur-00001.csv.gz'); // 40 chars
        expect(shortenSource('/home/finops/exports/acme/cur/2026/03/acme-cur-00001.csv.gz', 36)).toBe('…/cur/2026/03/acme-cur-00001.csv.gz');
        expect(shortenSource('x'.repeat(60), 40)).toHaveLength(40);
    });
});

describe('status bar text of a failed server', () => {
    it('says the server stopped, why, and that a click restarts it', () => {
        const p = describeServerFailure('the workspace could not be loaded: boom');
        expect(p).toEqual({
            text: '$(error) Billing: server stopped',
            tooltip: 'the workspace could not be loaded: boom\nClick to restart the billing language server.',
            severity: 'error',
            command: 'billing.restartServer',
        });
        // A data status never names a command: its click selects data.
        expect(describeStatus({ state: 'error', periods: [], message: 'x' }).command).toBeUndefined();
    });
});

describe('status bar text in Restricted Mode', () => {
    it('shows a shield and says why only the bundled sample is read', () => {
        const p = describeStatus({ state: 'ready', source: 'bundled sample', periods: ['2026-03'], period: '2026-03', restricted: true });
        expect(p.text).toBe('$(shield) bundled sample · 2026-03');
        expect(p.tooltip.split('\n')[0]).toBe("Restricted Mode: the workspace's billing data is not read until you trust the workspace; figures are the bundled sample's.");
    });
});

describe('status bar text of a period the data does not have', () => {
    it('says "(not in data)" as a warning, and a click picks the period', () => {
        const p = describeStatus({ state: 'ready', source: 'cur-2018.csv', periods: ['2018-11', '2018-12'], period: '2026-01', rows: 10 });
        expect(p.text).toBe('$(warning) cur-2018.csv · 2026-01 (not in data)');
        expect(p.severity).toBe('warning');
        expect(p.command).toBe('billing.selectPeriod');
        expect(p.tooltip).toContain('Periods in the data: 2018-11, 2018-12');
    });
});
