import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostReport, GroupReport } from '../../engine/report/types.js';
import { formatMoney, setPreviewLocale } from '../../client/preview/money.js';
import { renderPreviewBody } from '../../client/preview/render-preview.js';
import { createKit } from './server-kit.js';

/*
 * The preview's figures are the CLI's (issue 11): the bill of the period shown and the trend, now priced period by period
 * and reused across edits (server/pricing/policy-pricing.ts `trendFor`), against `billing bill --format json` over every
 * period and `--period P` for the one shown, for every example on the bundled sample — each group, each period, every
 * headline figure as exact text; and the trend table the preview renders shows the CLI's figures.
 */
const SAMPLE = path.resolve('examples/data/sample-cur.csv');
const EXAMPLES = ['acme.billing', 'enterprise-business-units.billing', 'msp-customers.billing', 'platform-teams.billing', 'prod-nonprod.billing'];

function cli(...args: string[]): CostReport {
    return JSON.parse(execFileSync(process.execPath, ['bin/billing.cjs', 'bill', ...args, '--data', SAMPLE, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as CostReport;
}

/** The figures a preview shows of a group, as exact text. */
function figures(group: GroupReport): unknown {
    return { name: group.name, period: group.period, awsCost: group.awsCost, charges: group.charges, proformaCost: group.proformaCost, margin: group.margin, marginPercent: group.marginPercent, hasUsage: group.hasUsage, status: group.status };
}

describe('preview figures = billing bill --format json', () => {
    const kit = createKit({ dataPaths: [SAMPLE] });
    afterAll(() => kit.reset());

    it.each(EXAMPLES)('%s: the bill of the period shown and every period of the trend', async (example) => {
        const file = path.resolve('examples', example);
        const document = await kit.open(readFileSync(file, 'utf8'), file);
        const pricing = kit.services.server.Pricing;
        const shown = pricing.pricingFor(document);
        const trend = pricing.trendFor(document);
        expect(shown.kind).toBe('priced');
        expect(trend.kind).toBe('priced');
        if (shown.kind !== 'priced' || trend.kind !== 'priced') return;
        const all = cli(file);
        const period = shown.period!;
        const cliShown = cli(file, '--period', period);
        expect(shown.report.groups.map(figures)).toEqual(cliShown.groups.map(figures));
        expect(shown.report.total.proformaCost).toBe(cliShown.total.proformaCost);
        expect(trend.trend.periods).toEqual(all.periods);
        expect(trend.trend.groups.map(figures)).toEqual(all.groups.map(figures));
        expect(trend.trend.groups.length).toBeGreaterThan(0);

        // The trend table shows each CLI figure rounded once (the preview's money), in the periods up to the one shown.
        setPreviewLocale(null);
        const body = renderPreviewBody({ uri: document.uri.toString(), policyLabel: example, status: kit.services.server.Data.status(), report: shown.report, period, trend: trend.trend });
        for (const group of all.groups.filter((g) => g.period <= period)) {
            const section = body.slice(body.indexOf(`data-trend-group="${group.name}"`));
            const row = section.slice(section.indexOf(`<td>${group.period}</td>`), section.indexOf('</tr>', section.indexOf(`<td>${group.period}</td>`)));
            expect(row).toContain(formatMoney(group.proformaCost, all.currency));
            expect(row).toContain(formatMoney(group.margin, all.currency));
        }
    }, 60_000);

    it('an edit reprices the trend, and an edit back reuses the periods priced before (same figures)', async () => {
        const file = path.resolve('examples', 'acme.billing');
        const text = readFileSync(file, 'utf8');
        const pricing = kit.services.server.Pricing;
        // One document at the file's path at a time, as an editor has it (the pricing outlives the documents).
        const priceText = async (policy: string) => {
            await kit.reset();
            return pricing.trendFor(await kit.open(policy, file));
        };
        const before = await priceText(text);
        const edited = await priceText(text.replace('flat 500.00', 'flat 600.00'));
        const back = await priceText(text);
        if (before.kind !== 'priced' || edited.kind !== 'priced' || back.kind !== 'priced') throw new Error('not priced');
        // web's platform fee +100.00 → +102.00 of pro forma with the 2% security fee on it (by hand), in every period.
        for (const group of edited.trend.groups.filter((g) => g.name === 'web')) {
            const old = before.trend.groups.find((g) => g.name === 'web' && g.period === group.period)!;
            expect(Number(group.proformaCost) - Number(old.proformaCost)).toBeCloseTo(102, 6);
        }
        expect(back.trend.groups.map(figures)).toEqual(before.trend.groups.map(figures));
        // Reused, not re-priced: the very report objects of the first pricing.
        expect(back.trend.groups[0]).toBe(before.trend.groups[0]);
    }, 60_000);
});
