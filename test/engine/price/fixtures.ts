import type { Cube, CubeCell } from '../../../engine/cube/types.js';
import { Decimal } from '../../../engine/money/decimal.js';
import type { BillingGroup, CustomLineItem, LineItemBase, Membership, PolicyModel, PricingRule } from '../../../engine/policy/model.js';

/**
 * Terse builders for hand-made cubes and policies.
 *
 * A cell literal is one line: `period account service lineItemType key=value…`, e.g.
 *   `2026-01 111111111111 AmazonEC2 Usage cost=80 pub=100 ut=BoxUsage op=RunInstances`
 * Keys: cost (unblended), pub (public on-demand), free (free-tier public cost), nopub (unblended cost
 * of rows without a public price; sets nopubRows=1 unless given), usage, ut, op, entity, owner
 * (commitment owner), cur, rows, nopubRows. Values with spaces are quoted: entity="AWS Marketplace".
 * Absent money is 0; ut/op default to "UT"/"OP", entity to AWS, currency to USD.
 */
export function cells(text: string): CubeCell[] {
    return text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map(parseCell);
}

function parseCell(line: string): CubeCell {
    const tokens = [...line.matchAll(/(\w+)="([^"]*)"|(\S+)/g)].map((match) => (match[1] !== undefined ? `${match[1]}=${match[2]}` : match[3]!));
    const [period, accountId, service, lineItemType, ...pairs] = tokens;
    if (!period || !accountId || !service || !lineItemType) throw new Error(`bad cell literal: ${line}`);
    const values = new Map<string, string>();
    for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq < 0) throw new Error(`bad cell literal field "${pair}" in: ${line}`);
        values.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const known = new Set(['cost', 'pub', 'free', 'nopub', 'usage', 'ut', 'op', 'entity', 'owner', 'cur', 'rows', 'nopubRows']);
    for (const key of values.keys()) if (!known.has(key)) throw new Error(`unknown cell literal key "${key}" in: ${line}`);
    const money = (key: string): Decimal => new Decimal(values.get(key) ?? '0');
    return {
        period,
        accountId,
        service,
        lineItemType,
        usageType: values.get('ut') ?? 'UT',
        operation: values.get('op') ?? 'OP',
        billingEntity: values.get('entity') ?? 'AWS',
        currency: values.get('cur') ?? 'USD',
        commitmentOwnerId: values.get('owner') ?? '',
        unblendedCost: money('cost'),
        publicOnDemandCost: money('pub'),
        freeTierPublicCost: money('free'),
        unblendedWithoutPublicCost: money('nopub'),
        usageAmount: money('usage'),
        rows: Number(values.get('rows') ?? '1'),
        rowsWithoutPublicCost: Number(values.get('nopubRows') ?? (values.has('nopub') ? '1' : '0')),
    };
}

export function cube(cellList: readonly CubeCell[], accountNames: Record<string, string> = {}): Cube {
    return {
        cells: cellList,
        format: 'cur2',
        sources: ['/data/test.csv'],
        rows: cellList.reduce((sum, cell) => sum + cell.rows, 0),
        accountNames: new Map(Object.entries(accountNames)),
        issues: [],
    };
}

export function markup(name: string, percent: string, match: Partial<PricingRule> = {}): PricingRule {
    return { name, scope: scopeOf(match), type: 'MARKUP', modifierPercent: percent, ...match };
}

export function discount(name: string, percent: string, match: Partial<PricingRule> = {}): PricingRule {
    return { name, scope: scopeOf(match), type: 'DISCOUNT', modifierPercent: percent, ...match };
}

export function tiering(name: string, options: Partial<PricingRule> = {}): PricingRule {
    return { name, scope: scopeOf(options), type: 'TIERING', modifierPercent: '0', ...options };
}

function scopeOf(match: Partial<PricingRule>): PricingRule['scope'] {
    if (match.scope) return match.scope;
    if (match.usageType !== undefined || match.operation !== undefined) return 'SKU';
    if (match.service !== undefined) return 'SERVICE';
    if (match.billingEntity !== undefined) return 'BILLING_ENTITY';
    return 'GLOBAL';
}

/** A member literal: `"111111111111"` or `"111111111111 2026-01..2026-03"` (from inclusive, until exclusive; either side may be empty). */
function member(text: string): Membership {
    const [accountId, range] = text.split(' ');
    if (!range) return { accountId: accountId! };
    const [from, until] = range.split('..');
    return { accountId: accountId!, ...(from && { from }), ...(until && { until }) };
}

export function group(
    name: string,
    options: { primary: string; members?: readonly string[]; plan?: string; autoAssociate?: boolean; lineItems?: readonly CustomLineItem[]; description?: string },
): BillingGroup {
    return {
        name,
        ...(options.description !== undefined && { description: options.description }),
        primaryAccountId: options.primary,
        members: (options.members ?? [options.primary]).map(member),
        plan: options.plan ?? 'plan',
        autoAssociate: options.autoAssociate ?? false,
        lineItems: options.lineItems ?? [],
    };
}

export function flatFee(name: string, amount: string, more: Partial<CustomLineItem> = {}): CustomLineItem {
    return { name, type: 'FEE', charge: { kind: 'flat', amount }, filters: [], computation: 'CONSOLIDATED', periods: {}, ...more };
}

export function percentFee(name: string, percent: string, bases: readonly LineItemBase[], more: Partial<CustomLineItem> = {}): CustomLineItem {
    return { name, type: 'FEE', charge: { kind: 'percentage', percent, bases }, filters: [], computation: 'CONSOLIDATED', periods: {}, ...more };
}

/** A policy with one plan named "plan" holding `rules` (all of them), plus `groups`. */
export function policy(rules: readonly PricingRule[], groups: readonly BillingGroup[], extra: Partial<PolicyModel> = {}): PolicyModel {
    return {
        accounts: [],
        rules,
        plans: [{ name: 'plan', rules: rules.map((rule) => rule.name) }],
        groups,
        dataPaths: [],
        ...extra,
    };
}

export const A1 = '111111111111';
export const A2 = '222222222222';
export const A3 = '333333333333';
export const A4 = '444444444444';
export const A5 = '555555555555';
export const A6 = '666666666666';
export const PAYER = '999999999999';
