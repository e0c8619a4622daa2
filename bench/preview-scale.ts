/**
 * The bill preview at scale (`npm run bench:preview`, after `npm run build`): prints figures, asserts nothing (issue 11,
 * item 6: "≤ 300 ms refresh for 200 groups"). What one preview refresh costs the extension host for a policy of N groups:
 *
 * 1. Generates a CUR 1.0 CSV with 2 accounts per group (3 periods) into .bench/ (cached by its options).
 * 2. Prices a policy of N groups (one plan: a global markup and an EC2 discount) for the period shown and for every
 *    period (the trend), as the server does for the preview's two requests.
 * 3. Renders the preview's HTML body (the first render of a panel) and counts its size and elements.
 * 4. A keystroke: one group's fee changes (re-priced); the preview's view of the new report is diffed against the
 *    shown one and only the patch is posted (issue 11, defect 6: incremental updates). Prints its time and size next to
 *    the full render's ("before": every refresh posted the whole body, 274 ms and 1.2 MB at 200 groups).
 *
 * 5. Now: the bill of the period shown posted first (the lenses already priced it for the edit), the last trend marked
 *    pending; then the other periods priced one by one (each period's figures are `billing bill --period P`'s) and the
 *    trend patched in. "bill on screen" is the refresh the user waits for; "trend on screen" when the trend follows.
 *
 * Options: --groups N (default 200), --rows N (default 60000), --runs N (default 7). Times are medians.
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { generateCur } from '../engine/generate/index.js';
import { ingest } from '../engine/ingest/index.js';
import type { PolicyModel } from '../engine/policy/model.js';
import type { CostReport } from '../engine/report/types.js';
import type { TrendReport } from '../server/protocol.js';
import { prepareCube, priceReport } from '../engine/price/index.js';
import * as os from 'node:os';
import { diffView, shownOf } from '../client/preview/preview-patch.js';
import { previewView, renderGroupDetails, renderPreviewBody } from '../client/preview/render-preview.js';
import { setPreviewLocale } from '../client/preview/money.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
};
const groups = option('groups', 200);
const rows = option('rows', 60_000);
const runs = option('runs', 7);

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(action: () => T): { value: T; ms: number[] } {
    const ms: number[] = [];
    let value!: T;
    for (let run = 0; run < runs; run++) {
        const started = performance.now();
        value = action();
        ms.push(performance.now() - started);
    }
    return { value, ms };
}

async function main(): Promise<void> {
    const accounts = Array.from({ length: groups * 2 }, (_, index) => String(100000000000 + index));
    const folder = path.resolve('.bench');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `preview-${groups}g-${rows}r.csv`);
    if (!existsSync(file)) await generateCur({ output: file, rows, seed: 11, accounts, periods: 3, startPeriod: '2026-01' });
    const cube = await ingest([file]);
    const prepared = prepareCube(cube);
    const policy: PolicyModel = {
        accounts: [],
        rules: [
            { name: 'markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '7' },
            { name: 'ec2', scope: 'SERVICE', type: 'DISCOUNT', modifierPercent: '10', service: 'AmazonEC2' },
        ],
        plans: [{ name: 'standard', rules: ['markup', 'ec2'] }],
        groups: Array.from({ length: groups }, (_, index) => ({
            name: `g${String(index).padStart(3, '0')}`,
            primaryAccountId: accounts[index * 2]!,
            members: [{ accountId: accounts[index * 2]! }, { accountId: accounts[index * 2 + 1]! }],
            plan: 'standard', autoAssociate: false,
            lineItems: [{ name: 'platform', type: 'FEE', charge: { kind: 'flat', amount: '100' }, filters: [], computation: 'CONSOLIDATED', periods: {} }],
        })),
        dataPaths: [],
    };
    const period = prepared.periods[prepared.periods.length - 1]!;
    const shown = time(() => priceReport(prepared, policy, { periods: [period] }));
    const all = time(() => priceReport(prepared, policy));
    setPreviewLocale(null);
    const status = { state: 'ready' as const, source: path.basename(file), periods: [...prepared.periods], period, rows: cube.rows };
    const previewModel = (report: typeof shown.value, trend: TrendReport | null, trendPending = false) =>
        ({ uri: 'file:///bench.billing', policyLabel: 'bench.billing', status, report, period, trend, trendPending });
    const render = time(() => renderPreviewBody(previewModel(shown.value, all.value)));
    const html = render.value;
    const elements = (html.match(/<[a-zA-Z]/g) ?? []).length;
    // A keystroke: g100's platform fee 100 → 101 (re-priced, both requests), then the view diffed against the shown one.
    const editedPolicy: PolicyModel = {
        ...policy,
        groups: policy.groups.map((g, i) => (i === Math.floor(groups / 2) ? { ...g, lineItems: [{ ...g.lineItems[0]!, charge: { kind: 'flat', amount: '101' } }] } : g)),
    };
    const editedShown = time(() => priceReport(prepared, editedPolicy, { periods: [period] }));
    const editedAll = time(() => priceReport(prepared, editedPolicy));
    const shownView = shownOf(previewView(previewModel(shown.value, all.value)));
    const update = time(() => diffView(shownView, previewView(previewModel(editedShown.value, editedAll.value))));
    const message = JSON.stringify(update.value.patch);
    const details = time(() => renderGroupDetails(previewModel(editedShown.value, editedAll.value), 'g100'));
    // Now (issue 11): the bill of the period shown is posted first — its pricing is the lenses' own for the edit — with
    // the last trend marked as pending; then the trend, each other period priced on its own, and a second patch.
    const others = prepared.periods.filter((p) => p !== period);
    const trendOf = (reports: readonly CostReport[]): TrendReport => ({
        currency: reports[0]!.currency, periods: prepared.periods,
        groups: prepared.periods.flatMap((p) => reports.find((r) => r.periods.includes(p))!.groups.filter((g) => g.period === p)),
    });
    const oldTrend = trendOf([shown.value, ...others.map((p) => priceReport(prepared, policy, { periods: [p] }))]);
    // Each patch timed with its view (as "keystroke view + diff" above).
    const billPatch = time(() => diffView(shownView, previewView(previewModel(editedShown.value, oldTrend, true))));
    const editedOthers = time(() => others.map((p) => priceReport(prepared, editedPolicy, { periods: [p] })));
    const editedTrend = trendOf([editedShown.value, ...editedOthers.value]);
    const trendPatch = time(() => diffView(billPatch.value.shown, previewView(previewModel(editedShown.value, editedTrend))));
    const line = (label: string, ms: number[]) => console.log(`${label.padEnd(40)} ${median(ms).toFixed(1).padStart(8)} ms (median of ${runs}; min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)})`);
    console.log(`preview at scale: ${groups} groups, ${cube.rows.toLocaleString('en-US')} rows, ${cube.cells.length.toLocaleString('en-US')} cells, period ${period}`);
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores)`);
    line('price the period shown', shown.ms);
    line('price every period (trend)', all.ms);
    line('before: render the whole body', render.ms);
    line('after: keystroke view + diff (patch)', update.ms);
    line('after: one opened group\'s details', details.ms);
    line('before: refresh (sum of the medians)', [median(shown.ms) + median(all.ms) + median(render.ms)]);
    line('after: refresh (sum of the medians)', [median(editedShown.ms) + median(editedAll.ms) + median(update.ms)]);
    line('keystroke: price the period shown', editedShown.ms);
    line('keystroke: price every period at once', editedAll.ms);
    line('now: price the other periods, one by one', editedOthers.ms);
    line('now: bill on screen (shown + patch)', [median(editedShown.ms) + median(billPatch.ms)]);
    line('now: trend on screen (+ periods + patch)', [median(editedShown.ms) + median(billPatch.ms) + median(editedOthers.ms) + median(trendPatch.ms)]);
    console.log(`now: bill patch ${(JSON.stringify(billPatch.value.patch).length / 1024).toFixed(1)} KB, trend patch ${(JSON.stringify(trendPatch.value.patch).length / 1024).toFixed(1)} KB`);
    console.log(`before: body ${(html.length / 1024).toFixed(0)} KB, ${elements.toLocaleString('en-US')} elements (first render now; every refresh before)`);
    console.log(`after: keystroke patch ${(message.length / 1024).toFixed(1)} KB (${update.value.patch.groups.length} group(s), parts ${Object.keys(update.value.patch.parts).join(', ') || 'none'})`);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
