import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Rule, Tier } from '../generated/ast.js';
import { Issues, Limits } from './issue-codes.js';
import { type Decimal, decimalOf } from './numbers.js';
import { reportIssue } from './report.js';

/** Custom tiers (`tier B to E at R`): only on tiering rules, non-negative, contiguous from 0. */
export function tierChecks(): ValidationChecks<BillingAstType> {
    return {
        Rule: checkTiers,
    };
}

interface TierRange {
    readonly tier: Tier;
    readonly begin: Decimal;
    /** Undefined: open-ended. */
    readonly end?: Decimal;
}

function checkTiers(rule: Rule, accept: ValidationAcceptor): void {
    if (rule.tiers.length === 0) return;
    if (!rule.modifiers.some(modifier => modifier.$type === 'Tiering')) {
        for (const tier of rule.tiers) reportIssue(accept, Issues.tierWithoutTiering, { node: tier, keyword: 'tier' });
    }
    if (rule.tiers.length > Limits.customTiersPerRule) {
        reportIssue(accept, Issues.tooManyTiers, { node: rule.tiers[Limits.customTiersPerRule] }, rule.tiers.length);
    }
    const ranges: TierRange[] = [];
    for (const tier of rule.tiers) {
        const range = checkTier(tier, accept);
        if (range) ranges.push(range);
    }
    checkContiguous(ranges, accept);
}

/** Checks one tier on its own; returns its range when it is usable for the overlap and gap checks. */
function checkTier(tier: Tier, accept: ValidationAcceptor): TierRange | undefined {
    let usable = true;
    for (const property of ['begin', 'end', 'rate'] as const) {
        const value = decimalOf(tier[property]);
        if (value?.lt(0)) {
            reportIssue(accept, Issues.negativeTierValue, { node: tier, property }, property, tier[property]!);
            usable = false;
        }
    }
    const begin = decimalOf(tier.begin);
    const end = decimalOf(tier.end);
    if (!begin || (tier.end !== undefined && !end)) return undefined;
    if (end && end.lte(begin)) {
        reportIssue(accept, Issues.tierRangeReversed, { node: tier, property: 'end' }, tier.begin, tier.end!);
        return undefined;
    }
    return usable ? { tier, begin, end } : undefined;
}

function checkContiguous(ranges: readonly TierRange[], accept: ValidationAcceptor): void {
    const sorted = [...ranges].sort((a, b) => a.begin.comparedTo(b.begin));
    const first = sorted[0];
    if (first && first.begin.gt(0)) {
        reportIssue(accept, Issues.tierGap, { node: first.tier, property: 'begin' }, '0', first.tier.begin);
    }
    // The tier reaching furthest so far: every later tier must begin exactly where it ends.
    let reach = first;
    for (const current of sorted.slice(1)) {
        if (!reach) break;
        if (reach.end === undefined || reach.end.gt(current.begin)) {
            reportIssue(accept, Issues.tierOverlap, { node: current.tier }, describeTier(current), describeTier(reach));
        } else if (reach.end.lt(current.begin)) {
            reportIssue(accept, Issues.tierGap, { node: current.tier, property: 'begin' }, reach.tier.end!, current.tier.begin);
        }
        if (reach.end !== undefined && (current.end === undefined || current.end.gt(reach.end))) reach = current;
    }
}

function describeTier(range: TierRange): string {
    return range.end === undefined ? `${range.tier.begin} and up` : `${range.tier.begin} to ${range.tier.end}`;
}
