import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBreach, marginFloorOf, showMoney, type Breach, type BreachKind } from '../../engine/check/index.js';
import type { CostReport, PolicyModel } from '../../engine/index.js';
import { markdownText } from '../../engine/report/index.js';
import { escapeData, escapeProperty } from '../output/github-format.js';
import { displayPath } from '../output/validation-report.js';
import { closedGithub, closedMarkdown, closedText, type ClosedPeriodsSection } from './closed-report.js';

export const checkFormats = ['text', 'json', 'markdown', 'github'] as const;
export type CheckFormat = (typeof checkFormats)[number];

/** What `billing check` found: the public JSON shape of `--format json` (docs/cli.md). */
export interface CheckReport {
    readonly schemaVersion: 1;
    readonly periods: readonly string[];
    /** The groups that have a budget or a margin floor, with what applies to them. */
    readonly checked: readonly CheckedGroup[];
    /** The kinds that set the exit code (`--fail-on`). */
    readonly failOn: readonly BreachKind[];
    readonly breaches: readonly Breach[];
    /** True when a breach of a `failOn` kind was found, or a closed period would change: the command exits 1. */
    readonly failed: boolean;
    /** Present when the policy closes periods (`closed through`): what would change in them. */
    readonly closedPeriods?: ClosedPeriodsSection;
}

export interface CheckedGroup {
    readonly group: string;
    readonly budget?: string;
    readonly minMarginPercent?: string;
    readonly floorFrom?: 'group' | 'plan';
}

export function buildCheckReport(model: PolicyModel, report: CostReport, breaches: readonly Breach[], failOn: ReadonlySet<BreachKind>, closedPeriods?: ClosedPeriodsSection): CheckReport {
    const checked: CheckedGroup[] = [];
    for (const group of model.groups) {
        const floor = marginFloorOf(model, group);
        if (group.budget === undefined && !floor) continue;
        checked.push({
            group: group.name,
            ...(group.budget !== undefined && { budget: group.budget }),
            ...(floor && { minMarginPercent: floor.percent, floorFrom: floor.from }),
        });
    }
    return {
        schemaVersion: 1,
        periods: report.periods,
        checked,
        failOn: [...failOn],
        breaches,
        failed: breaches.some((breach) => failOn.has(breach.kind)) || (closedPeriods?.changes.length ?? 0) > 0,
        ...(closedPeriods && { closedPeriods }),
    };
}

export function renderCheckReport(check: CheckReport, format: CheckFormat, model: PolicyModel, cwd: string): string {
    switch (format) {
        case 'json': return `${JSON.stringify(check, null, 2)}\n`;
        case 'text': return renderText(check);
        case 'markdown': return renderMarkdown(check);
        case 'github': return renderGithub(check, model, cwd);
    }
}

function scope(check: CheckReport): string {
    const periods = check.periods.length === 0 ? 'no period' : check.periods.length === 1 ? check.periods[0]! : `${check.periods[0]}..${check.periods[check.periods.length - 1]}`;
    const groups = check.checked.length;
    return `${groups} group${groups === 1 ? '' : 's'} with a budget or margin floor, ${periods}`;
}

function renderText(check: CheckReport): string {
    const closed = closedText(check.closedPeriods).map((line) => `${line}\n`).join('');
    if (check.breaches.length === 0) return `${closed}no breach: ${scope(check)}\n`;
    const lines = check.breaches.map((breach) => `${check.failOn.includes(breach.kind) ? 'error' : 'warning'} ${breach.kind}: ${describeBreach(breach)}`);
    const count = check.breaches.length;
    return `${closed}${lines.join('\n')}\n${count} breach${count === 1 ? '' : 'es'} (${scope(check)})\n`;
}

function renderMarkdown(check: CheckReport): string {
    const out = ['### Budgets and margin floors', '', ...closedMarkdown(check.closedPeriods)];
    if (check.breaches.length === 0) {
        out.push(`No breach: ${scope(check)}.`, '');
        return out.join('\n');
    }
    out.push('| | Group | Period | Check | Figure | Limit |', '|---|---|---|---|---:|---:|');
    for (const breach of check.breaches) {
        const mark = check.failOn.includes(breach.kind) ? '❌' : '⚠️';
        if (breach.kind === 'budget') {
            out.push(`| ${mark} | ${cell(breach.group)} | ${breach.period} | over budget by ${showMoney(breach.over, breach.currency)} | pro forma ${showMoney(breach.proformaCost, breach.currency)} | budget ${showMoney(breach.budget, breach.currency)} |`);
        } else {
            const figure = breach.marginPercent === null ? `margin ${showMoney(breach.margin, breach.currency)}, no pro forma cost` : `margin ${breach.marginPercent}%`;
            const limit = `floor ${breach.minMarginPercent}%${breach.floorFrom === 'plan' ? ` (plan ${cell(breach.plan)})` : ''}`;
            out.push(`| ${mark} | ${cell(breach.group)} | ${breach.period} | below margin floor | ${figure} | ${limit} |`);
        }
    }
    const count = check.breaches.length;
    out.push('', `${count} breach${count === 1 ? '' : 'es'} (${scope(check)}).`, '');
    return out.join('\n');
}

/** Workflow commands: one annotation per breach at the group's declaration (error for `--fail-on` kinds). */
function renderGithub(check: CheckReport, model: PolicyModel, cwd: string): string {
    return closedGithub(check.closedPeriods) + check.breaches.map((breach) => {
        const origin = model.groups.find((group) => group.name === breach.group)?.origin;
        const where = origin ? [['file', displayPath(filePath(origin.uri), cwd)], ['line', String(origin.line)], ['col', String(origin.column)]] : [];
        const title = breach.kind === 'budget' ? 'budget-exceeded' : 'margin-below-floor';
        const properties = [...where, ['title', title]].map(([key, value]) => `${key}=${escapeProperty(value!)}`).join(',');
        return `::${check.failOn.includes(breach.kind) ? 'error' : 'warning'} ${properties}::${escapeData(describeBreach(breach))}\n`;
    }).join('');
}

function filePath(uri: string): string {
    return uri.startsWith('file:') ? fileURLToPath(uri) : path.normalize(uri);
}

function cell(text: string): string {
    return markdownText(text);
}
