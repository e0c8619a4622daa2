import { describe, expect, it } from 'vitest';
import type { CostReport, GroupReport } from '../../engine/report/types.js';
import { diffView, shownOf } from '../../client/preview/preview-patch.js';
import { COLLAPSE_ABOVE, previewView, renderGroupDetails, renderPreviewBody, type PreviewModel } from '../../client/preview/render-preview.js';
import { handReport, readyStatus } from './report-fixture.js';

/**
 * The preview at scale (issue 11, defect 6): 200 groups, a summary table of all of them, collapsed sections whose details
 * are rendered only when opened, and a keystroke posting only what changed.
 *
 * 200 copies of the fixture's `web` (hand-worked figures in report-fixture.ts: AWS $1,200.46, pro forma $1,591.04),
 * named g000…g199; a keystroke raises g123's platform fee by 1.00, so its pro forma becomes 1591.0368215 + 1 =
 * 1592.0368215 → $1,592.04 and its margin 390.5768215 + 1 = 391.5768215 → $391.58 (by hand).
 */
const web = handReport.groups.find((g) => g.name === 'web')!;
const named = (index: number, overrides: Partial<GroupReport> = {}): GroupReport => ({
    ...web,
    name: `g${String(index).padStart(3, '0')}`,
    primaryAccountId: String(100000000000 + 2 * index),
    accountIds: [String(100000000000 + 2 * index), String(100000000001 + 2 * index)],
    ...overrides,
});
const report200: CostReport = { ...handReport, groups: Array.from({ length: 200 }, (_, i) => named(i)) };
const edited: CostReport = {
    ...report200,
    groups: report200.groups.map((g, i) => (i === 123 ? { ...g, proformaCost: '1592.0368215', margin: '391.5768215' } : g)),
};

function model(report: CostReport, overrides: Partial<PreviewModel> = {}): PreviewModel {
    return { uri: 'file:///ws/big.billing', policyLabel: 'big.billing', status: readyStatus, report, period: '2026-03', ...overrides };
}

describe('bill preview at 200 groups', () => {
    it('shows a summary table of every group and collapsed sections without their details', () => {
        const body = renderPreviewBody(model(report200));
        expect(body.match(/<tr data-row="/g)).toHaveLength(200);
        expect(body.match(/<section class="group collapsed"/g)).toHaveLength(200);
        // No group's details are in the page until its section opens (the fixture's breakdown tables and fee names).
        expect(body).not.toContain('By service');
        expect(body).not.toContain('Platform operations');
        // Sort keys of the table: exact cents (web: 1200.46 → 120046, 1591.0368215 → 159104, 390.5768215 → 39058).
        expect(body).toContain('<tr data-row="g007" data-filter="g007 100000000014 100000000015 web business unit" data-aws="120046" data-proforma="159104" data-margin="39058" data-percent="24.55">');
        // The group chart (one bar pair per group) is left out at scale; the sticky header holds no list of groups.
        expect(body).not.toContain('<svg class="chart"');
        const header = body.slice(body.indexOf('<header'), body.indexOf('</header>'));
        expect(header).not.toContain('g000');
        expect(body.length).toBeLessThan(250_000);
    });

    it('keeps small policies open with their details (up to COLLAPSE_ABOVE groups)', () => {
        const small: CostReport = { ...handReport, groups: Array.from({ length: COLLAPSE_ABOVE }, (_, i) => named(i)) };
        const body = renderPreviewBody(model(small));
        expect(body.match(/<section class="group"/g)).toHaveLength(COLLAPSE_ABOVE);
        expect(body.match(/By service/g)).toHaveLength(COLLAPSE_ABOVE);
        expect(body).toContain('<svg class="chart"');
    });

    it('opens the focused group of a lens click with its details', () => {
        const body = renderPreviewBody(model(report200, { focusGroup: 'g042' }));
        expect(body).toContain('<section class="group focused" id="group-g042" data-group="g042"');
        expect(body.match(/By service/g)).toHaveLength(1);
        expect(renderGroupDetails(model(report200), 'g042')).toContain('$1,591.04');
    });

    it('posts a small update for a keystroke that changes one group: its row and head, the headline figures', () => {
        const before = previewView(model(report200));
        const { patch, shown } = diffView(shownOf(before), previewView(model(edited)));
        const message = JSON.stringify(patch);
        expect(patch.groups.map((g) => g.name)).toEqual(['g123']);
        expect(patch.groups[0]!.row).toContain('$1,592.04');
        expect(patch.groups[0]!.head).toContain('$391.58');
        expect(patch.order).toBeUndefined();
        expect(patch.groupOrder).toBeUndefined();
        // Headline: groups' pro forma 200 × 1591.0368215 + 1 = 318208.3643 → $318,208.36 (by hand).
        expect(Object.keys(patch.parts)).toEqual(['top']);
        expect(patch.parts.top).toContain('$318,208.36');
        expect(message.length).toBeLessThan(4_000);
        expect(shown.groups.get('g123')!.v).toBeGreaterThan(0);
        expect(shown.groups.get('g122')!.v).toBe(0);
        // The same view again: nothing to post.
        const again = diffView(shown, previewView(model(edited)));
        expect(again.patch.groups).toEqual([]);
        expect(again.patch.parts).toEqual({});
    });

    it('posts groups added and removed with the new order', () => {
        const fewer: CostReport = { ...report200, groups: report200.groups.filter((g) => g.name !== 'g005') };
        const { patch } = diffView(shownOf(previewView(model(report200))), previewView(model(fewer)));
        expect(patch.groupOrder).toHaveLength(199);
        expect(patch.groupOrder).not.toContain('g005');
        const { patch: back } = diffView(shownOf(previewView(model(fewer))), previewView(model(report200)));
        expect(back.groups.map((g) => g.name)).toEqual(['g005']);
        expect(back.groups[0]!.row).toBeDefined();
        expect(back.groups[0]!.head).toBeDefined();
    });

    it('escapes names from the policy in posted rows and heads', () => {
        const hostile: CostReport = { ...report200, groups: [named(0, { name: 'x<img src=y onerror=alert(1)>"\'' }), ...report200.groups.slice(1)] };
        const { patch } = diffView(shownOf(previewView(model(report200))), previewView(model(hostile)));
        const html = patch.groups.map((g) => `${g.row}${g.head}`).join('');
        expect(html).not.toContain('<img');
        expect(html).toContain('x&lt;img src=y onerror=alert(1)&gt;&quot;&#39;');
    });
});

describe('bill preview at 200 groups: the trend after the bill', () => {
    // Every group over two periods: 2026-02 with the figures of 2026-03 (the fixture's), the preview showing 2026-03.
    const trendOf = (report: CostReport) => ({ currency: report.currency, periods: ['2026-02', '2026-03'], groups: [...report.groups.map((g) => ({ ...g, period: '2026-02' })), ...report.groups] });
    const before = trendOf(report200);
    const after = trendOf(edited);

    it('posts the keystroke with the trend pending (one group, a note), then the trend (that group again, the note gone)', () => {
        const shown = shownOf(previewView(model(report200, { trend: before })));
        const bill = diffView(shown, previewView(model(edited, { trend: before, trendPending: true })));
        // Only g123 changed (its head and row): the other 199 sections stay, though their trends are pending too.
        expect(bill.patch.groups.map((g) => g.name)).toEqual(['g123']);
        expect(Object.keys(bill.patch.parts).sort()).toEqual(['top', 'trend']);
        expect(bill.patch.parts.trend).toContain('from before the last change');
        const details = renderGroupDetails(model(edited, { trend: before, trendPending: true }), 'g123')!;
        expect(details).toContain('— updating');
        const trend = diffView(bill.shown, previewView(model(edited, { trend: after })));
        // g123's trend rows changed (its 2026-03 pro forma $1,591.04 → $1,592.04): its section is re-rendered, no other.
        expect(trend.patch.groups.map((g) => g.name)).toEqual(['g123']);
        expect(trend.patch.parts.trend).not.toContain('from before the last change');
        const updated = renderGroupDetails(model(edited, { trend: after }), 'g123')!;
        expect(updated).not.toContain('— updating');
        expect(updated).toContain('<tr class="current"><td>2026-03</td><td class="num">$1,592.04</td>');
    });
});
