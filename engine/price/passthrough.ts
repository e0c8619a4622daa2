import type { BillingGroup, PolicyModel } from '../policy/model.js';
import { PASSTHROUGH_PLAN } from '../policy/model.js';
import type { GroupDetail } from './group-detail.js';
import type { PricingScales } from './plan-lookup.js';
import type { PreparedAccount, PreparedCube } from './prepare-cube.js';

/**
 * ABC's AWS-managed `Passthrough` plan: the group's pro forma is its billable data unchanged, every line item at
 * its billed (unblended) cost, credits, discounts, tax and support included (docs/semantics.md "Built-in plans").
 * A plan the policy declares under the same name (an error in validation) wins, as every declared name does.
 */
export function isPassthrough(group: BillingGroup, policy: PolicyModel): boolean {
    return group.plan === PASSTHROUGH_PLAN && !policy.plans.some((plan) => plan.name === PASSTHROUGH_PLAN);
}

/** The detail of a Passthrough group: per service and account, pro forma = AWS cost (at the pricing scale); no rules. */
export function passthroughDetail(prepared: PreparedCube, scales: PricingScales, accounts: readonly PreparedAccount[], start: number, end: number): GroupDetail {
    const { runs } = prepared;
    const byService = new Map<number, bigint>();
    const accountIds: string[] = [];
    const accountAwsCost: bigint[] = [];
    const accountProforma: bigint[] = [];
    let total = 0n;
    for (let a = start; a < end; a++) {
        const account = accounts[a]!;
        for (let r = account.firstRun; r < account.endRun; r++) {
            const service = runs.serviceId[r]!;
            byService.set(service, (byService.get(service) ?? 0n) + runs.awsCost.at(r));
        }
        accountIds.push(account.accountId);
        accountAwsCost.push(account.awsCost);
        accountProforma.push(account.awsCost * scales.scaleUp);
        total += account.awsCost;
    }
    const serviceIds = [...byService.keys()].sort((x, y) => x - y);
    const serviceAwsCost = serviceIds.map((service) => byService.get(service)!);
    return {
        serviceIds,
        serviceAwsCost,
        serviceProforma: serviceAwsCost.map((cost) => cost * scales.scaleUp),
        serviceNegation: serviceIds.map(() => 0n),
        accountIds,
        accountAwsCost,
        accountProforma,
        tierPostings: [],
        rules: [],
        charges: { units: total * scales.scaleUp, scale: scales.scale },
    };
}
