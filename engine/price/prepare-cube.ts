import type { Decimal } from '../money/decimal.js';
import type { Cube, CubeCell } from '../cube/types.js';
import type { ReportIssue } from '../report/types.js';
import { classifyLineItem, type LineItemClass } from './line-item-class.js';
import { skuKey } from './rule-index.js';
import { safeNumber, safeNumbers } from './exact-accumulator.js';
import { pow10, toUnits } from './scaled.js';

/** Line item classes as small integers for the pricing loop. */
export const CLASS_CODES: readonly LineItemClass[] = ['usage', 'covered', 'negation', 'fee', 'excluded', 'unknown'];
export const ClassCode = { Usage: 0, Covered: 1, Negation: 2, Fee: 3, Excluded: 4, Unknown: 5 } as const;

/** One account's cells in one period, the unit a billing group is assembled from. */
export interface PreparedAccount {
    readonly accountId: string;
    /** Index in `PreparedCube.accountIds`. */
    readonly index: number;
    /**
     * The account's cells are `PreparedCells` indexes [first, end): contiguous (cache-friendly) and
     * ordered by service, so that per-service sums are taken over runs.
     */
    readonly first: number;
    readonly end: number;
    /** Σ unblended cost, in units of the prepared scale. */
    readonly awsCost: bigint;
    /** `awsCost` as a double if it is a safe integer, else NaN (for `ExactAccumulator`). */
    readonly awsCostNumber: number;
    /** Σ unblended cost per service (ordered by service id); policy-independent, so computed once. */
    readonly awsByService: readonly { readonly serviceId: number; readonly awsCost: bigint }[];
}

export interface PreparedPeriod {
    readonly period: string;
    /** Σ unblended cost of every cell of the period: the input total the report reconciles to. */
    readonly awsCost: bigint;
    /** Accounts with at least one cell in the period, ordered by id. */
    readonly accounts: readonly PreparedAccount[];
    readonly accountById: ReadonlyMap<string, PreparedAccount>;
    /** Line item types the engine does not know, with their cell counts. */
    readonly unknownLineItemTypes: ReadonlyMap<string, number>;
}

/**
 * A cube made ready for repeated pricing (done once per cube; every policy edit then only runs
 * `priceReport`): cells grouped by period and account, money as exact scaled integers, pricing keys
 * interned to small integers.
 */
export interface PreparedCube {
    readonly cube: Cube;
    /** Decimal places of the scaled integers (the most any cell's money needs). */
    readonly scale: number;
    /** Periods present in the data, ascending. */
    readonly periods: readonly string[];
    readonly byPeriod: ReadonlyMap<string, PreparedPeriod>;
    /** Currencies present in the data, most cells first. */
    readonly currencies: readonly string[];
    /** Service codes by service id, ascending (so id order is display order). */
    readonly services: readonly string[];
    /** Service id of each service code (ids are positions in `services`). */
    readonly serviceIndex: ReadonlyMap<string, number>;
    /** Interned billing entities, usage types, operations and (usage type, operation) pairs (`skuKey`). */
    readonly entityIndex: ReadonlyMap<string, number>;
    readonly usageTypeIndex: ReadonlyMap<string, number>;
    readonly operationIndex: ReadonlyMap<string, number>;
    readonly usageTypeOperationIndex: ReadonlyMap<string, number>;
    /** Account ids (usage accounts and commitment owners) by account index. */
    readonly accountIds: readonly string[];
    readonly accountIndex: ReadonlyMap<string, number>;
    readonly cells: PreparedCells;
    /** Unblended costs × 10^places (units of scale + places), computed once per `places`. */
    unblendedAt(places: number): readonly bigint[];
}

/** Per-cell data as parallel arrays (index = position in `source`). */
export interface PreparedCells {
    /** The cube's cells ordered by period, account, service (then input order). */
    readonly source: readonly CubeCell[];
    readonly classCode: Uint8Array;
    readonly serviceId: Int32Array;
    readonly entityId: Int32Array;
    readonly usageTypeId: Int32Array;
    readonly operationId: Int32Array;
    readonly usageTypeOperationId: Int32Array;
    /** Account index of the commitment owner; -1 when the line has none. */
    readonly ownerIndex: Int32Array;
    /** Id of the (service, usage type) pair, the key custom tiers accrue usage on. */
    readonly tierKeyId: Int32Array;
    readonly unblended: readonly bigint[];
    /** Public on-demand cost − free-tier public cost + unblended cost of rows without a public price. */
    readonly baseFreeTierOn: readonly bigint[];
    /** Public on-demand cost + unblended cost of rows without a public price (free tier removed). */
    readonly baseFreeTierOff: readonly bigint[];
    /** The same three amounts as doubles where they are safe integers, else NaN (for `ExactAccumulator`). */
    readonly unblendedNumber: Float64Array;
    readonly baseFreeTierOnNumber: Float64Array;
    readonly baseFreeTierOffNumber: Float64Array;
    readonly usageAmount: readonly Decimal[];
    readonly rowsWithoutPublicCost: Int32Array;
}

export function prepareCube(cube: Cube): PreparedCube {
    const cells = [...cube.cells].sort(
        (a, b) => compareText(a.period, b.period) || compareText(a.accountId, b.accountId) || compareText(a.service, b.service),
    );
    const n = cells.length;

    let scale = 0;
    for (const cell of cells) {
        scale = Math.max(
            scale,
            cell.unblendedCost.decimalPlaces(),
            cell.publicOnDemandCost.decimalPlaces(),
            cell.freeTierPublicCost.decimalPlaces(),
            cell.unblendedWithoutPublicCost.decimalPlaces(),
        );
    }

    const services = [...new Set(cells.map((cell) => cell.service))].sort();
    const serviceIds = new Map(services.map((service, id) => [service, id]));
    const entityIndex = new Map<string, number>();
    const usageTypeIndex = new Map<string, number>();
    const operationIndex = new Map<string, number>();
    const usageTypeOperationIndex = new Map<string, number>();
    const internIn = (index: Map<string, number>, key: string): number => {
        let id = index.get(key);
        if (id === undefined) index.set(key, (id = index.size));
        return id;
    };
    const tierKeyIds = new Map<string, number>();
    const accountIds: string[] = [];
    const accountIndex = new Map<string, number>();
    const intern = (accountId: string): number => {
        let index = accountIndex.get(accountId);
        if (index === undefined) {
            index = accountIds.length;
            accountIds.push(accountId);
            accountIndex.set(accountId, index);
        }
        return index;
    };

    const classCode = new Uint8Array(n);
    const serviceId = new Int32Array(n);
    const entityId = new Int32Array(n);
    const usageTypeId = new Int32Array(n);
    const operationId = new Int32Array(n);
    const usageTypeOperationId = new Int32Array(n);
    const ownerIndex = new Int32Array(n);
    const tierKeyId = new Int32Array(n);
    const unblended: bigint[] = new Array(n);
    const baseFreeTierOn: bigint[] = new Array(n);
    const baseFreeTierOff: bigint[] = new Array(n);
    const usageAmount: Decimal[] = new Array(n);
    const rowsWithoutPublicCost = new Int32Array(n);
    const currencyCounts = new Map<string, number>();

    const cellsByPeriodAccount = new Map<string, Map<string, { first: number; end: number }>>();
    for (let i = 0; i < n; i++) {
        const cell = cells[i]!;
        classCode[i] = CLASS_CODES.indexOf(classifyLineItem(cell.lineItemType, cell.service));
        serviceId[i] = serviceIds.get(cell.service)!;
        entityId[i] = internIn(entityIndex, cell.billingEntity);
        usageTypeId[i] = internIn(usageTypeIndex, cell.usageType);
        operationId[i] = internIn(operationIndex, cell.operation);
        usageTypeOperationId[i] = internIn(usageTypeOperationIndex, skuKey(cell.usageType, cell.operation));
        const tierText = `${cell.service}\u0000${cell.usageType}`;
        let tierKey = tierKeyIds.get(tierText);
        if (tierKey === undefined) {
            tierKey = tierKeyIds.size;
            tierKeyIds.set(tierText, tierKey);
        }
        tierKeyId[i] = tierKey;
        intern(cell.accountId);
        ownerIndex[i] = cell.commitmentOwnerId === '' ? -1 : intern(cell.commitmentOwnerId);
        const cost = toUnits(cell.unblendedCost, scale);
        const publicCost = toUnits(cell.publicOnDemandCost, scale);
        const fallback = toUnits(cell.unblendedWithoutPublicCost, scale);
        unblended[i] = cost;
        baseFreeTierOff[i] = publicCost + fallback;
        baseFreeTierOn[i] = publicCost - toUnits(cell.freeTierPublicCost, scale) + fallback;
        usageAmount[i] = cell.usageAmount;
        rowsWithoutPublicCost[i] = cell.rowsWithoutPublicCost;
        currencyCounts.set(cell.currency, (currencyCounts.get(cell.currency) ?? 0) + 1);

        let byAccount = cellsByPeriodAccount.get(cell.period);
        if (!byAccount) cellsByPeriodAccount.set(cell.period, (byAccount = new Map()));
        const range = byAccount.get(cell.accountId);
        if (range) range.end = i + 1;
        else byAccount.set(cell.accountId, { first: i, end: i + 1 });
    }

    const periods = [...cellsByPeriodAccount.keys()].sort();
    const byPeriod = new Map<string, PreparedPeriod>();
    for (const period of periods) {
        const byAccount = cellsByPeriodAccount.get(period)!;
        const accounts: PreparedAccount[] = [];
        const unknownLineItemTypes = new Map<string, number>();
        let periodCost = 0n;
        for (const accountId of [...byAccount.keys()].sort()) {
            const { first, end } = byAccount.get(accountId)!;
            const awsByService: { serviceId: number; awsCost: bigint }[] = [];
            let accountCost = 0n;
            for (let i = first; i < end; i++) {
                const cost = unblended[i]!;
                accountCost += cost;
                const last = awsByService[awsByService.length - 1];
                if (last && last.serviceId === serviceId[i]) last.awsCost += cost;
                else awsByService.push({ serviceId: serviceId[i]!, awsCost: cost });
                if (classCode[i] === ClassCode.Unknown) {
                    const type = cells[i]!.lineItemType;
                    unknownLineItemTypes.set(type, (unknownLineItemTypes.get(type) ?? 0) + 1);
                }
            }
            periodCost += accountCost;
            accounts.push({ accountId, index: accountIndex.get(accountId)!, first, end, awsCost: accountCost, awsCostNumber: safeNumber(accountCost), awsByService });
        }
        byPeriod.set(period, {
            period,
            awsCost: periodCost,
            accounts,
            accountById: new Map(accounts.map((account) => [account.accountId, account])),
            unknownLineItemTypes,
        });
    }

    const scaled = new Map<number, readonly bigint[]>([[0, unblended]]);
    const unblendedAt = (places: number): readonly bigint[] => {
        let values = scaled.get(places);
        if (!values) {
            const factor = pow10(places);
            values = unblended.map((cost) => cost * factor);
            scaled.set(places, values);
        }
        return values;
    };

    const currencies = [...currencyCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([currency]) => currency);
    return {
        cube,
        scale,
        periods,
        byPeriod,
        currencies,
        services,
        serviceIndex: serviceIds,
        entityIndex,
        usageTypeIndex,
        operationIndex,
        usageTypeOperationIndex,
        accountIds,
        accountIndex,
        unblendedAt,
        cells: {
            source: cells,
            classCode,
            serviceId,
            entityId,
            usageTypeId,
            operationId,
            usageTypeOperationId,
            ownerIndex,
            tierKeyId,
            unblended,
            baseFreeTierOn,
            baseFreeTierOff,
            unblendedNumber: safeNumbers(unblended),
            baseFreeTierOnNumber: safeNumbers(baseFreeTierOn),
            baseFreeTierOffNumber: safeNumbers(baseFreeTierOff),
            usageAmount,
            rowsWithoutPublicCost,
        },
    };
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Issues the prepared data raises whatever the policy (for the selected periods). */
export function dataIssues(prepared: PreparedCube, periods: readonly string[]): ReportIssue[] {
    const issues: ReportIssue[] = [];
    if (prepared.currencies.length > 1) {
        issues.push({
            severity: 'error',
            code: 'mixed-currency',
            message: `The data mixes currencies (${prepared.currencies.join(', ')}); amounts are added as if they were all ${prepared.currencies[0]}.`,
        });
    }
    const unknown = new Map<string, number>();
    for (const period of periods) {
        for (const [type, count] of prepared.byPeriod.get(period)?.unknownLineItemTypes ?? []) unknown.set(type, (unknown.get(type) ?? 0) + count);
    }
    for (const [type, count] of [...unknown].sort((a, b) => a[0].localeCompare(b[0]))) {
        issues.push({
            severity: 'warning',
            code: 'unknown-line-item-type',
            message: `Line item type "${type}" is not known to the engine (${count} cell${count === 1 ? '' : 's'}); passed through to the pro forma bill at its unblended cost.`,
        });
    }
    return issues;
}
