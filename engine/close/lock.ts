import type { CostReport } from '../report/types.js';

/**
 * The lock file: what was billed for each closed period (`billing close`), exactly as `billing bill --format json`
 * reported it, with digests of the data and the policy it was billed from (docs/closing-a-month.md, docs/cli.md).
 */
export interface LockFile {
    readonly schemaVersion: 1;
    /** Ascending by period. */
    readonly periods: readonly LockedPeriod[];
}

export interface LockedPeriod {
    readonly period: string;
    /** When `billing close` wrote the entry (ISO 8601, UTC). */
    readonly closedAt: string;
    readonly currency: string;
    /** `sha256:` of the policy model (what prices; not comments, layout or positions): policyDigest(). */
    readonly policyDigest: string;
    /** `sha256:` of the data files the period was billed from (their names and contents). */
    readonly dataDigest: string;
    /**
     * `sha256:` of each rule, plan and group (`rule:NAME`, `plan:NAME`, `group:NAME`: entityDigests()), to locate
     * what changed. Absent in lock files written before it was added (changes are then located at the group).
     */
    readonly entityDigests?: Readonly<Record<string, string>>;
    /** Every group of the period, in policy order, with its exact figures. */
    readonly groups: readonly LockedGroup[];
    readonly unassignedAwsCost: string;
}

export interface LockedGroup {
    readonly name: string;
    readonly awsCost: string;
    readonly charges: string;
    readonly proformaCost: string;
    readonly margin: string;
    readonly marginPercent: string | null;
}

export const EMPTY_LOCK: LockFile = { schemaVersion: 1, periods: [] };

/** The lock file's name next to the policy, where `billing close`, `billing check` and the editor look by default. */
export const LOCK_FILE_NAME = 'billing.lock.json';

/** The lock entry of `period` from a report that covers it. */
export function lockPeriod(report: CostReport, period: string, digests: { policy: string; data: string; entities?: Readonly<Record<string, string>> }, closedAt: Date): LockedPeriod {
    if (!report.periods.includes(period)) throw new Error(`the report has no period ${period}`);
    return {
        period,
        closedAt: closedAt.toISOString(),
        currency: report.currency,
        policyDigest: digests.policy,
        dataDigest: digests.data,
        ...(digests.entities && { entityDigests: digests.entities }),
        groups: report.groups.filter((group) => group.period === period).map((group) => ({
            name: group.name,
            awsCost: group.awsCost,
            charges: group.charges,
            proformaCost: group.proformaCost,
            margin: group.margin,
            marginPercent: group.marginPercent,
        })),
        unassignedAwsCost: report.unassigned.byPeriod.find((line) => line.period === period)?.awsCost ?? '0',
    };
}

/** The lock with `entry` added (replacing none: a closed period stays as it was closed). */
export function withPeriod(lock: LockFile, entry: LockedPeriod): LockFile {
    if (lock.periods.some((locked) => locked.period === entry.period)) throw new Error(`period ${entry.period} is already in the lock file`);
    return { schemaVersion: 1, periods: [...lock.periods, entry].sort((a, b) => a.period.localeCompare(b.period)) };
}

/** The lock file's text as a lock; throws an Error saying what is wrong (the caller names the file). */
export function parseLock(text: string): LockFile {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`not a lock file (invalid JSON: ${error instanceof Error ? error.message : String(error)})`);
    }
    const lock = parsed as Partial<LockFile> | null;
    if (lock?.schemaVersion !== 1 || !Array.isArray(lock.periods)) {
        throw new Error('not a lock file (expected {"schemaVersion": 1, "periods": [...]}, written by billing close)');
    }
    lock.periods.forEach((entry, index) => {
        if (typeof entry?.period !== 'string' || !Array.isArray(entry.groups) || typeof entry.unassignedAwsCost !== 'string') {
            throw new Error(`periods[${index}] is not a closed period (expected period, groups and unassignedAwsCost)`);
        }
        const entities: unknown = entry.entityDigests;
        if (entities !== undefined && (typeof entities !== 'object' || entities === null || Array.isArray(entities) || Object.values(entities).some((value) => typeof value !== 'string'))) {
            throw new Error(`periods[${index}].entityDigests is not an object of digests (written by billing close)`);
        }
    });
    return lock as LockFile;
}
