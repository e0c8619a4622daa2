import { M_FREE_TIER, M_PUBLIC, M_UNBLENDED, M_UNBLENDED_NO_PUBLIC, PackedCell } from '../cube/packed-cells.js';
import type { Cube, CubeCell } from '../cube/types.js';
import type { ReportIssue } from '../report/types.js';
import { addSafe, bigUnitsOf, placesOf, unitsOf } from './decimal-units.js';
import { ExactAccumulator, ExactColumn, ExactColumnBuilder, safeNumber, type ExactValues } from './exact-accumulator.js';
import { LIST_COST_IS_BILLED_COST, listCostIsBilledCost } from './cost-basis.js';
import { alwaysFreePublicCost, freeTierOffer } from './free-tier-offers.js';
import { classifyLineItem, isSupportService, type LineItemClass } from './line-item-class.js';
import { skuKey } from './rule-index.js';
import { pow10 } from './scaled.js';

/** Line item classes as small integers for the pricing loop. */
export const CLASS_CODES: readonly LineItemClass[] = ['usage', 'covered', 'negation', 'fee', 'excluded', 'unknown'];
export const ClassCode = { Usage: 0, Covered: 1, Negation: 2, Fee: 3, Excluded: 4, Unknown: 5 } as const;

/**
 * How the cells of one (account, service) run are summed ahead of pricing. Cells of a run that only
 * differ by what no rule of the plan looks at price alike, so when the plan has no SKU rule and no
 * custom tiers for the service, the totals are taken over these sums instead of the cells:
 * - Fixed: commitment fees and unknown types, always kept at their billed cost;
 * - Usage: on-demand usage by billing entity (the rule then depends on the entity only);
 * - Covered: covered usage by billing entity and commitment owner (kept or repriced by owner);
 * - Negation: Savings Plan negation by owner (kept or dropped).
 * Excluded cells have no segment.
 */
export const SegmentKind = { Fixed: 0, Usage: 1, Covered: 2, Negation: 3 } as const;

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
    /** The account's service runs are `PreparedRuns` indexes [firstRun, endRun), ascending service id. */
    readonly firstRun: number;
    readonly endRun: number;
    /** Σ unblended cost, in units of the prepared scale. */
    readonly awsCost: bigint;
    /** `awsCost` as a double if it is a safe integer, else NaN (for `ExactAccumulator`). */
    readonly awsCostNumber: number;
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
    /** A FOCUS file whose ListCost is its BilledCost on every usage line (see cost-basis.ts). */
    readonly listCostIsBilledCost: boolean;
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
    /** Per service id: the (usage type id, operation id) of each of its pairs, by service pair id. */
    readonly servicePairs: readonly ServicePairs[];
    readonly runs: PreparedRuns;
    /**
     * The segment and pair records of every run (see `PreparedRuns.recordStart`): sums as exact
     * doubles, NaN where the exact value is in `exact`, keyed by element offset.
     */
    readonly records: ExactValues;
    /** Unblended costs × 10^places (units of scale + places), computed once per `places`. */
    unblendedAt(places: number): readonly bigint[];
}

/** Per-cell data as parallel arrays (index = position in `source`). Money in units of the prepared scale. */
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
    /** Id of the cell's (usage type, operation) pair among its service's pairs (see `PreparedCube.servicePairs`). */
    readonly servicePairId: Int32Array;
    readonly unblended: ExactColumn;
    /** Public on-demand cost − free-tier public cost + unblended cost of rows without a public price. */
    readonly baseFreeTierOn: ExactColumn;
    /** Public on-demand cost + unblended cost of rows without a public price (free tier removed). */
    readonly baseFreeTierOff: ExactColumn;
    readonly rowsWithoutPublicCost: Float64Array;
}

/** The (usage type, operation) pairs one service's cells have, numbered from 0. */
export interface ServicePairs {
    readonly usageTypeId: readonly number[];
    readonly operationId: readonly number[];
    /** Id in `PreparedCube.usageTypeOperationIndex`. */
    readonly pairId: readonly number[];
}

/** The (account, service) runs of cells, in cell order. */
export interface PreparedRuns {
    readonly serviceId: Int32Array;
    /** Cells [first, end). */
    readonly first: Int32Array;
    readonly end: Int32Array;
    /**
     * Where run r's records are in `PreparedCube.records` (element offsets): its segments (stride
     * SEGMENT_STRIDE) in [recordStart[r], pairStart[r]), then its pair segments (stride PAIR_STRIDE,
     * ascending pair id) in [pairStart[r], recordStart[r + 1]). A run's records sit next to each other,
     * so the per-edit loop reads memory in order and a SKU lookup finds them already in cache.
     */
    readonly recordStart: Int32Array;
    readonly pairStart: Int32Array;
    /** Σ unblended of the run's cells. */
    readonly awsCost: ExactColumn;
}

/**
 * Segment records: policy-independent sums of a run's cells (see `SegmentKind`), one record per
 * segment.
 */
/** `SegmentKind`. */
export const SEG_KIND = 0;
/** Billing entity (Usage, Covered), else -1. */
export const SEG_ENTITY = 1;
/** Commitment owner's account index (Covered, Negation; -1 when none), else -1. */
export const SEG_OWNER = 2;
/** Σ unblended (Fixed, Covered, Negation). */
export const SEG_UNBLENDED = 3;
/** Σ bases (Usage, Covered), free tier on and off. */
export const SEG_BASE_ON = 4;
export const SEG_BASE_OFF = 5;
/** Σ rows without a public price (Usage, Covered). */
export const SEG_ROWS = 6;
export const SEGMENT_STRIDE = 7;

/**
 * Pair records: the repriced cells of a run (usage, covered usage) summed by (service pair, billing
 * entity, owner), ordered by pair, so that a SKU rule's cells of a run are found by binary search and
 * moved from their segment's rule to the SKU rule (see `GroupCellPricer`).
 */
/** Service pair id (`PreparedCells.servicePairId`). */
export const PAIR_ID = 0;
export const PAIR_ENTITY = 1;
/** USAGE_OWNER for usage, else the commitment owner's account index (-1: none). */
export const PAIR_OWNER = 2;
export const PAIR_BASE_ON = 3;
export const PAIR_BASE_OFF = 4;
export const PAIR_STRIDE = 5;

/** Pair records' owner of on-demand usage. */
export const USAGE_OWNER = -2;

const NO_ENTITY = -1;

export function prepareCube(cube: Cube): PreparedCube {
    // The ingest already orders its cells by key; other producers' cells are sorted here.
    const cells = isOrdered(cube.cells) ? cube.cells : [...cube.cells].sort(compareCells);
    const n = cells.length;

    let scale = 0;
    const serviceSet = new Set<string>();
    let lastService: string | undefined;
    for (let i = 0; i < n; i++) {
        const cell = cells[i]!;
        scale = Math.max(scale, moneyPlaces(cell));
        if (cell.service !== lastService) serviceSet.add((lastService = cell.service));
    }
    const services = [...serviceSet].sort();
    const serviceIds = new Map(services.map((service, id) => [service, id]));
    const supportService = Uint8Array.from(services, (service) => (isSupportService(service) ? 1 : 0));

    const entityIndex = new Map<string, number>();
    const usageTypeIndex = new Map<string, number>();
    const operationIndex = new Map<string, number>();
    const usageTypeOperationIndex = new Map<string, number>();
    const internIn = (index: Map<string, number>, key: string): number => {
        let id = index.get(key);
        if (id === undefined) index.set(key, (id = index.size));
        return id;
    };
    /** (usage type id → operation id → pair id) and (service id → usage type id → tier key id). */
    const pairIds: Map<number, number>[] = [];
    const tierKeyIds: Map<number, number>[] = [];
    const servicePairIds: Map<number, number>[] = [];
    const servicePairs = services.map((): ServicePairs => ({ usageTypeId: [], operationId: [], pairId: [] }));
    let tierKeyCount = 0;
    const typeCodes = new Map<string, number>();
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
    const servicePairId = new Int32Array(n);
    const rowsWithoutPublicCost = new Float64Array(n);
    const unblended = new ExactColumnBuilder(n);
    const baseOn = new ExactColumnBuilder(n);
    const baseOff = new ExactColumnBuilder(n);
    const currencyCounts = new Map<string, number>();

    // Runs and segments: at most one per cell.
    const runService = new Int32Array(n);
    const runFirst = new Int32Array(n);
    const runEnd = new Int32Array(n);
    const runRecordStart = new Int32Array(n + 1);
    const runPairStart = new Int32Array(n);
    const runAws = new ExactColumnBuilder(n);
    let runCount = 0;
    const records = new ExactColumnBuilder(SEGMENT_STRIDE * 1024);
    let used = 0;

    const byPeriod = new Map<string, PreparedPeriod>();
    const periods: string[] = [];
    let periodAccounts: PreparedAccount[] = [];
    let periodUnknown = new Map<string, number>();
    const periodCost = new ExactAccumulator();
    const accountCost = new ExactAccumulator();
    let period: string | undefined;
    let account: string | undefined;
    let accountFirst = 0;
    let accountFirstRun = 0;
    let accountIndexOf = 0;
    let service: string | undefined;
    let currentServiceId = -1;
    let lastCurrency: string | undefined;
    let currencyRun = 0;
    let lastType: string | undefined;
    let lastTypeCode = 0;


    // Scratch: the run's cells ordered by pair.
    let byPair = new Int32Array(64);
    const closeRun = (end: number): void => {
        const first = runFirst[runCount - 1]!;
        runEnd[runCount - 1] = end;
        runPairStart[runCount - 1] = used;
        const length = end - first;
        if (byPair.length < length) byPair = new Int32Array(2 * length);
        if (length > 32) {
            const order = Array.from({ length }, (_x, k) => first + k).sort((a, b) => servicePairId[a]! - servicePairId[b]! || a - b);
            for (let k = 0; k < length; k++) byPair[k] = order[k]!;
        } else {
            // Insertion sort by pair id (runs are short; equal pairs keep cell order).
            for (let i = first; i < end; i++) {
                const pair = servicePairId[i]!;
                let k = i - first;
                while (k > 0 && servicePairId[byPair[k - 1]!]! > pair) {
                    byPair[k] = byPair[k - 1]!;
                    k--;
                }
                byPair[k] = i;
            }
        }
        let pairFirst = used;
        let currentPair = -1;
        for (let k = 0; k < length; k++) {
            const i = byPair[k]!;
            const code = classCode[i]!;
            if (code !== ClassCode.Usage && code !== ClassCode.Covered) continue;
            const pair = servicePairId[i]!;
            if (pair !== currentPair) {
                currentPair = pair;
                pairFirst = used;
            }
            const entity = entityId[i]!;
            const owner = code === ClassCode.Usage ? USAGE_OWNER : ownerIndex[i]!;
            let at = pairFirst;
            while (at < used && (records.numbers[at + PAIR_ENTITY] !== entity || records.numbers[at + PAIR_OWNER] !== owner)) at += PAIR_STRIDE;
            if (at === used) {
                records.ensure(used + PAIR_STRIDE);
                records.numbers[at + PAIR_ID] = pair;
                records.numbers[at + PAIR_ENTITY] = entity;
                records.numbers[at + PAIR_OWNER] = owner;
                used += PAIR_STRIDE;
            }
            records.addFrom(at + PAIR_BASE_ON, baseOn, i);
            records.addFrom(at + PAIR_BASE_OFF, baseOff, i);
        }
    };
    const closeAccount = (end: number): void => {
        closeRun(end);
        for (let r = accountFirstRun; r < runCount; r++) accountCost.addAt(runAws, r);
        const cost = accountCost.take();
        periodCost.add(safeNumber(cost), cost);
        periodAccounts.push({ accountId: account!, index: accountIndexOf, first: accountFirst, end, firstRun: accountFirstRun, endRun: runCount, awsCost: cost, awsCostNumber: safeNumber(cost) });
    };
    const closePeriod = (): void => {
        byPeriod.set(period!, {
            period: period!,
            awsCost: periodCost.take(),
            accounts: periodAccounts,
            accountById: new Map(periodAccounts.map((prepared) => [prepared.accountId, prepared])),
            unknownLineItemTypes: periodUnknown,
        });
    };

    for (let i = 0; i < n; i++) {
        const cell = cells[i]!;
        let newRun = false;
        if (cell.period !== period || cell.accountId !== account) {
            if (account !== undefined) closeAccount(i);
            if (cell.period !== period) {
                if (period !== undefined) closePeriod();
                period = cell.period;
                periods.push(period);
                periodAccounts = [];
                periodUnknown = new Map();
            }
            account = cell.accountId;
            accountFirst = i;
            accountFirstRun = runCount;
            accountIndexOf = intern(account);
            newRun = true;
        } else if (cell.service !== service) {
            closeRun(i);
            newRun = true;
        }
        if (newRun) {
            service = cell.service;
            currentServiceId = serviceIds.get(service)!;
            runService[runCount] = currentServiceId;
            runFirst[runCount] = i;
            runRecordStart[runCount] = used;
            runCount++;
        }
        const sid = currentServiceId;
        serviceId[i] = sid;

        const type = cell.lineItemType;
        if (type !== lastType) {
            lastType = type;
            let code = typeCodes.get(type);
            if (code === undefined) typeCodes.set(type, (code = CLASS_CODES.indexOf(classifyLineItem(type, ''))));
            lastTypeCode = code;
        }
        const code = supportService[sid] === 1 ? ClassCode.Excluded : lastTypeCode;
        classCode[i] = code;
        if (code === ClassCode.Unknown) periodUnknown.set(type, (periodUnknown.get(type) ?? 0) + 1);

        const entity = internIn(entityIndex, cell.billingEntity);
        entityId[i] = entity;
        const usageType = internIn(usageTypeIndex, cell.usageType);
        usageTypeId[i] = usageType;
        const operation = internIn(operationIndex, cell.operation);
        operationId[i] = operation;
        const byOperation = (pairIds[usageType] ??= new Map());
        let pair = byOperation.get(operation);
        if (pair === undefined) {
            pair = usageTypeOperationIndex.size;
            usageTypeOperationIndex.set(skuKey(cell.usageType, cell.operation), pair);
            byOperation.set(operation, pair);
        }
        usageTypeOperationId[i] = pair;
        const byUsageType = (tierKeyIds[sid] ??= new Map());
        let tierKey = byUsageType.get(usageType);
        if (tierKey === undefined) byUsageType.set(usageType, (tierKey = tierKeyCount++));
        tierKeyId[i] = tierKey;
        const byPair = (servicePairIds[sid] ??= new Map());
        let local = byPair.get(pair);
        if (local === undefined) {
            const known = servicePairs[sid]! as { usageTypeId: number[]; operationId: number[]; pairId: number[] };
            local = known.pairId.length;
            known.usageTypeId.push(usageType);
            known.operationId.push(operation);
            known.pairId.push(pair);
            byPair.set(pair, local);
        }
        servicePairId[i] = local;
        const owner = cell.commitmentOwnerId === '' ? -1 : intern(cell.commitmentOwnerId);
        ownerIndex[i] = owner;
        rowsWithoutPublicCost[i] = cell.rowsWithoutPublicCost;
        if (cell.currency !== lastCurrency) {
            runRecordStart[runCount] = used;
    if (lastCurrency !== undefined) currencyCounts.set(lastCurrency, (currencyCounts.get(lastCurrency) ?? 0) + currencyRun);
            lastCurrency = cell.currency;
            currencyRun = 0;
        }
        currencyRun++;

        setMoney(cell, i, scale, unblended, baseOn, baseOff);
        runAws.addFrom(runCount - 1, unblended, i);

        if (code === ClassCode.Excluded) continue;
        const kind = code === ClassCode.Usage ? SegmentKind.Usage : code === ClassCode.Covered ? SegmentKind.Covered : code === ClassCode.Negation ? SegmentKind.Negation : SegmentKind.Fixed;
        const segmentEntity = kind === SegmentKind.Usage || kind === SegmentKind.Covered ? entity : NO_ENTITY;
        const segmentOwner = kind === SegmentKind.Covered || kind === SegmentKind.Negation ? owner : -1;
        let at = runRecordStart[runCount - 1]!;
        while (at < used && (records.numbers[at + SEG_KIND] !== kind || records.numbers[at + SEG_ENTITY] !== segmentEntity || records.numbers[at + SEG_OWNER] !== segmentOwner)) at += SEGMENT_STRIDE;
        if (at === used) {
            records.ensure(used + SEGMENT_STRIDE);
            records.numbers[at + SEG_KIND] = kind;
            records.numbers[at + SEG_ENTITY] = segmentEntity;
            records.numbers[at + SEG_OWNER] = segmentOwner;
            used += SEGMENT_STRIDE;
        }
        if (kind !== SegmentKind.Usage) records.addFrom(at + SEG_UNBLENDED, unblended, i);
        if (kind === SegmentKind.Usage || kind === SegmentKind.Covered) {
            records.addFrom(at + SEG_BASE_ON, baseOn, i);
            records.addFrom(at + SEG_BASE_OFF, baseOff, i);
            records.numbers[at + SEG_ROWS]! += cell.rowsWithoutPublicCost;
        }
    }
    if (account !== undefined) {
        closeAccount(n);
        closePeriod();
    }
    runRecordStart[runCount] = used;
    if (lastCurrency !== undefined) currencyCounts.set(lastCurrency, (currencyCounts.get(lastCurrency) ?? 0) + currencyRun);

    const unblendedColumn = unblended.finish(n);
    const scaled = new Map<number, readonly bigint[]>();
    const unblendedAt = (places: number): readonly bigint[] => {
        let values = scaled.get(places);
        if (!values) {
            const units = unblendedColumn.all();
            const factor = pow10(places);
            values = places === 0 ? units : units.map((cost) => cost * factor);
            scaled.set(places, values);
        }
        return values;
    };

    const currencies = [...currencyCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([currency]) => currency);
    return {
        cube,
        listCostIsBilledCost: listCostIsBilledCost(cube),
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
            servicePairId,
            unblended: unblendedColumn,
            baseFreeTierOn: baseOn.finish(n),
            baseFreeTierOff: baseOff.finish(n),
            rowsWithoutPublicCost,
        },
        servicePairs,
        runs: {
            serviceId: runService.slice(0, runCount),
            first: runFirst.slice(0, runCount),
            end: runEnd.slice(0, runCount),
            recordStart: runRecordStart.slice(0, runCount + 1),
            pairStart: runPairStart.slice(0, runCount),
            awsCost: runAws.finish(runCount),
        },
        records: records.finish(used),
    };
}

/**
 * Cell i's unblended cost and pricing bases, in units of `scale`: doubles while they are safe
 * integers (nearly always), exact BigInts otherwise.
 */
/** The most decimal places of the cell's money (the ingest's packed cells say without making Decimals). */
function moneyPlaces(cell: CubeCell): number {
    if (cell instanceof PackedCell) {
        return Math.max(cell.measurePlaces(M_UNBLENDED), cell.measurePlaces(M_PUBLIC), cell.measurePlaces(M_FREE_TIER), cell.measurePlaces(M_UNBLENDED_NO_PUBLIC));
    }
    return Math.max(placesOf(cell.unblendedCost), placesOf(cell.publicOnDemandCost), placesOf(cell.freeTierPublicCost), placesOf(cell.unblendedWithoutPublicCost));
}

function setMoney(cell: CubeCell, i: number, scale: number, unblended: ExactColumnBuilder, baseOn: ExactColumnBuilder, baseOff: ExactColumnBuilder): void {
    const packed = cell instanceof PackedCell ? cell : undefined;
    // Packed cells give their units without a Decimal; NaN (not a safe integer) falls to the exact path below.
    const cost = packed ? packed.measureUnits(M_UNBLENDED, scale) : unitsOf(cell.unblendedCost, scale);
    const publicCost = packed ? packed.measureUnits(M_PUBLIC, scale) : unitsOf(cell.publicOnDemandCost, scale);
    // Only the Always Free offers' free-tier cost leaves the base (alwaysFreePublicCost).
    const freeTierCost = packed ? packed.measureUnits(M_FREE_TIER, scale) : unitsOf(cell.freeTierPublicCost, scale);
    const freeTier = freeTierCost === 0 || freeTierOffer(cell.service, cell.usageType) !== 'always-free' ? 0 : freeTierCost;
    const fallback = packed ? packed.measureUnits(M_UNBLENDED_NO_PUBLIC, scale) : unitsOf(cell.unblendedWithoutPublicCost, scale);
    const off = addSafe(publicCost, fallback);
    const on = addSafe(off, -freeTier);
    if (cost === cost) unblended.set(i, cost);
    else unblended.set(i, NaN, bigUnitsOf(cell.unblendedCost, scale));
    if (on === on && off === off) {
        baseOff.set(i, off);
        baseOn.set(i, on);
        return;
    }
    const publicBig = bigUnitsOf(cell.publicOnDemandCost, scale) + bigUnitsOf(cell.unblendedWithoutPublicCost, scale);
    const onBig = publicBig - bigUnitsOf(alwaysFreePublicCost(cell), scale);
    const offNumber = safeNumber(publicBig);
    const onNumber = safeNumber(onBig);
    baseOff.set(i, offNumber, publicBig);
    baseOn.set(i, onNumber, onBig);
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function compareCells(a: CubeCell, b: CubeCell): number {
    return compareText(a.period, b.period) || compareText(a.accountId, b.accountId) || compareText(a.service, b.service);
}

function isOrdered(cells: readonly CubeCell[]): boolean {
    for (let i = 1; i < cells.length; i++) if (compareCells(cells[i - 1]!, cells[i]!) > 0) return false;
    return true;
}

/** Issues the prepared data raises whatever the policy (for the selected periods). */
export function dataIssues(prepared: PreparedCube, periods: readonly string[]): ReportIssue[] {
    const issues: ReportIssue[] = [];
    if (prepared.listCostIsBilledCost) issues.push(LIST_COST_IS_BILLED_COST);
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
