import { findUsage, REGIONS, type Region, type ServiceSpec, type UsageSpec } from './catalog.js';
import { PROFILES, type AccountProfile } from './organisation.js';
import type { Prng } from './prng.js';

/**
 * Who spends what: every account's profile and, for every billing period, the on-demand equivalent
 * cost of each of its usage keys (usage type × region). Commitments, free tier and line items are
 * carved out of these budgets by the period plan.
 */

export interface UsageKey {
    /** `<usage id>@<region prefix>`. */
    readonly id: string;
    readonly service: ServiceSpec;
    readonly usage: UsageSpec;
    readonly region: Region;
}

export interface AccountModel {
    readonly id: string;
    readonly index: number;
    readonly profile: AccountProfile;
    /** The account's usage keys with their shares of its spend (Σ = 1). */
    readonly keys: readonly { readonly key: UsageKey; readonly share: number }[];
}

/** Budgets of one period: per account index, per usage key id, the on-demand cost (USD). */
export type PeriodBudgets = Map<string, number>[];

/** Services whose usage also runs in an account's second region. */
const MULTI_REGION = new Set(['AmazonEC2', 'AmazonS3', 'AmazonRDS']);

const keyCache = new Map<string, UsageKey>();

export function usageKey(service: ServiceSpec, usage: UsageSpec, region: Region): UsageKey {
    const id = `${usage.id}@${region.prefix}`;
    let key = keyCache.get(id);
    if (!key) {
        key = { id, service, usage, region };
        keyCache.set(id, key);
    }
    return key;
}

/** `realExport`: the profiles' `realExportMix` joins their mix (the real-export cases, GenerateCurOptions.realExportCases). */
export function buildAccounts(ids: readonly string[], services: readonly ServiceSpec[], realExport = false): AccountModel[] {
    const allowed = new Set(services.map(s => s.code));
    return ids.map((id, index) => {
        const profile = PROFILES[index % PROFILES.length]!;
        const weighted: { key: UsageKey; weight: number }[] = [];
        const mix = realExport && profile.realExportMix ? { ...profile.mix, ...profile.realExportMix } : profile.mix;
        for (const [usageId, weight] of Object.entries(mix)) {
            const found = findUsage(usageId);
            if (!found || !allowed.has(found.service.code)) continue;
            const second = profile.secondaryRegion;
            const split = second && MULTI_REGION.has(found.service.code) && weight >= 4 ? second.share : 0;
            weighted.push({ key: usageKey(found.service, found.usage, REGIONS[0]!), weight: weight * (1 - split) });
            if (split > 0) weighted.push({ key: usageKey(found.service, found.usage, REGIONS.find(r => r.prefix === second!.prefix)!), weight: weight * split });
        }
        if (weighted.length === 0) {
            // None of the profile's services are generated: spread the spend over the catalog's own weights.
            for (const service of services) {
                const total = service.usages.reduce((sum, u) => sum + u.weight, 0);
                for (const usage of service.usages) if (usage.weight > 0) weighted.push({ key: usageKey(service, usage, REGIONS[0]!), weight: service.weight * usage.weight / total });
            }
        }
        const sum = weighted.reduce((s, w) => s + w.weight, 0);
        return { id, index, profile, keys: weighted.map(w => ({ key: w.key, share: w.weight / sum })) };
    });
}

/**
 * On-demand cost per account and key for every period: the profile's spend, a per-account size
 * (profiles repeat with ±50 % when accounts outnumber them), monthly growth with a little noise, and
 * hourly usage scaled by the days of the month (February is shorter).
 */
export function buildBudgets(rng: Prng, accounts: readonly AccountModel[], periodDays: readonly number[]): PeriodBudgets[] {
    const sizes = accounts.map(a => (a.index < PROFILES.length ? 0.95 + rng.next() * 0.1 : 0.5 + rng.next()));
    return periodDays.map((days, p) => accounts.map((account, a) => {
        const noise = 1 + (rng.next() - 0.5) * 0.03;
        let spend = account.profile.monthlySpend * sizes[a]! * noise;
        for (let i = 0; i < p; i++) spend *= 1 + account.profile.growth;
        const budgets = new Map<string, number>();
        for (const { key, share } of account.keys) {
            const hourly = key.usage.unit === 'Hrs';
            budgets.set(key.id, spend * share * (hourly ? days / 31 : 1));
        }
        return budgets;
    }));
}
