import { moneyString } from '../money/decimal.js';
import type { AccountLine, CostReport, CustomLineItemLine, GroupReport, RuleEffect, ServiceLine, UnassignedAccount } from '../report/types.js';
import { marginPercent } from './margin-percent.js';
import type { GroupPeriodPricing, PricedPolicy } from './price-policy.js';
import { addSum, emptySum, pow10, sumToString, unitsToString, type ExactSum } from './scaled.js';

/** Σ groups' AWS cost + unassigned ≠ input total: a pricing bug, never a user error. */
export class ReconciliationError extends Error {
    override readonly name = 'ReconciliationError';
}

/** Writes a priced policy as the public CostReport (exact decimal strings, nothing rounded). */
export function buildReport(priced: PricedPolicy): CostReport {
    const { prepared, policy, dataScale, scale } = priced;
    const scaleUp = pow10(priced.factorPlaces);
    const names = new Map(prepared.cube.accountNames);
    for (const account of policy.accounts) if (account.name) names.set(account.id, account.name);
    if (policy.payer?.name) names.set(policy.payer.id, policy.payer.name);

    const money = (sum: ExactSum): string => sumToString(sum, scale);
    const aws = (units: bigint): string => unitsToString(units, dataScale);
    const marginOf = (proforma: ExactSum, awsUnits: bigint): ExactSum => ({ units: proforma.units - awsUnits * scaleUp, extra: proforma.extra });

    let groupsAwsCost = 0n;
    const totalProforma = emptySum();
    const groups = priced.groups.map((pricing): GroupReport => {
        groupsAwsCost += pricing.awsCost;
        addSum(totalProforma, pricing.proformaCost);
        return groupReport(pricing, names, money, aws, marginOf, scale);
    });

    let unassignedAwsCost = 0n;
    const unassignedByPeriod = new Map(priced.periods.map((period) => [period, 0n]));
    const unassignedByAccount = new Map<string, bigint>();
    for (const line of priced.unassigned) {
        unassignedAwsCost += line.awsCost;
        unassignedByPeriod.set(line.period, unassignedByPeriod.get(line.period)! + line.awsCost);
        unassignedByAccount.set(line.accountId, (unassignedByAccount.get(line.accountId) ?? 0n) + line.awsCost);
    }
    const unassignedAccounts = [...unassignedByAccount.keys()].sort().map((accountId): UnassignedAccount => {
        const accountName = names.get(accountId);
        return { accountId, ...(accountName !== undefined && { accountName }), awsCost: aws(unassignedByAccount.get(accountId)!) };
    });

    let inputAwsCost = 0n;
    for (const period of priced.periods) inputAwsCost += prepared.byPeriod.get(period)?.awsCost ?? 0n;
    const difference = groupsAwsCost + unassignedAwsCost - inputAwsCost;
    if (difference !== 0n) {
        throw new ReconciliationError(
            `internal error: billing groups (${aws(groupsAwsCost)}) + unassigned (${aws(unassignedAwsCost)}) ≠ input total (${aws(inputAwsCost)})`,
        );
    }

    return {
        schemaVersion: 1,
        currency: prepared.currencies[0] ?? 'USD',
        periods: priced.periods,
        groups,
        unassigned: {
            awsCost: aws(unassignedAwsCost),
            byPeriod: [...unassignedByPeriod].map(([period, units]) => ({ period, awsCost: aws(units) })),
            accounts: unassignedAccounts,
        },
        total: {
            awsCost: aws(inputAwsCost),
            proformaCost: money(totalProforma),
            margin: money(marginOf(totalProforma, groupsAwsCost)),
        },
        reconciliation: {
            groupsAwsCost: aws(groupsAwsCost),
            unassignedAwsCost: aws(unassignedAwsCost),
            inputAwsCost: aws(inputAwsCost),
            difference: aws(difference),
        },
        data: {
            sources: prepared.cube.sources,
            format: prepared.cube.format,
            rows: prepared.cube.rows,
            cells: prepared.cube.cells.length,
        },
        issues: [...prepared.cube.issues, ...priced.issues],
    };
}

function groupReport(
    pricing: GroupPeriodPricing,
    names: ReadonlyMap<string, string>,
    money: (sum: ExactSum) => string,
    aws: (units: bigint) => string,
    marginOf: (proforma: ExactSum, awsUnits: bigint) => ExactSum,
    scale: number,
): GroupReport {
    const { group } = pricing;
    const margin = marginOf(pricing.proformaCost, pricing.awsCost);
    const byService = [...pricing.services.keys()].sort().map((service): ServiceLine => {
        const totals = pricing.services.get(service)!;
        return { service, awsCost: aws(totals.awsCost), proformaCost: money(totals.proforma), margin: money(marginOf(totals.proforma, totals.awsCost)) };
    });
    const byAccount = [...pricing.accounts.keys()].sort().map((accountId): AccountLine => {
        const totals = pricing.accounts.get(accountId)!;
        const accountName = names.get(accountId);
        return {
            accountId,
            ...(accountName !== undefined && { accountName }),
            awsCost: aws(totals.awsCost),
            proformaCost: money(totals.proforma),
            margin: money(marginOf(totals.proforma, totals.awsCost)),
        };
    });
    const customLineItems = pricing.lineItems.map((line): CustomLineItemLine => ({
        name: line.item.name,
        ...(line.item.description !== undefined && { description: line.item.description }),
        type: line.item.type,
        amount: moneyString(line.amount),
        ...(line.base !== undefined && { base: moneyString(line.base) }),
        ...(line.item.charge.kind === 'percentage' && { percent: line.item.charge.percent }),
        accountId: line.accountId,
        presentationService: line.presentationService,
        computation: line.item.computation,
    }));
    const rules = pricing.rules.map((totals): RuleEffect => ({
        rule: totals.rule,
        publicCost: money(totals.publicCost),
        proformaCost: money(totals.proformaCost),
        effect: money(difference(totals.proformaCost, totals.publicCost)),
        cells: totals.cells,
    }));
    return {
        name: group.name,
        ...(group.description !== undefined && { description: group.description }),
        period: pricing.period,
        plan: group.plan,
        primaryAccountId: group.primaryAccountId,
        accountIds: pricing.accountIds,
        awsCost: aws(pricing.awsCost),
        charges: money(pricing.charges),
        proformaCost: money(pricing.proformaCost),
        margin: money(margin),
        marginPercent: marginPercent(margin, pricing.proformaCost, scale),
        byService,
        byAccount,
        customLineItems,
        rules,
        hasUsage: pricing.hasUsage,
    };
}

function difference(a: ExactSum, b: ExactSum): ExactSum {
    const extra = a.extra && b.extra ? a.extra.minus(b.extra) : a.extra ?? b.extra?.negated();
    return { units: a.units - b.units, extra };
}
