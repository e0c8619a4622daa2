import type { Origin, PolicyModel } from '../policy/model.js';
import type { ClosedPeriodChange } from './closed-periods.js';

/**
 * Where a change to a closed period is reported: the statement whose edit causes it — a rule of the group's plan,
 * the plan, the group (`causedBy`, from the lock's entity digests) — or, when the policy is as it was closed (so
 * the data changed), the policy's first `data` statement; else the group; else the `closed through` statement (a
 * period never recorded, a group the policy no longer has, no data statement).
 */
export type ChangeLocation =
    | { readonly kind: 'rule' | 'plan' | 'group'; readonly name: string; readonly origin?: Origin }
    | { readonly kind: 'data'; readonly origin?: Origin }
    | { readonly kind: 'closed-through'; readonly origin?: Origin };

export function changeLocation(model: PolicyModel, change: ClosedPeriodChange, options: { readonly dataStatements?: boolean } = {}): ChangeLocation {
    const closedThrough: ChangeLocation = { kind: 'closed-through', ...(model.closedThrough?.origin && { origin: model.closedThrough.origin }) };
    if (change.kind === 'not-locked' || change.kind === 'group-removed') return closedThrough;
    const dataOrigin = options.dataStatements === false ? undefined : model.dataSources?.find((source) => source.origin)?.origin;
    const dataOnly = !change.causes.policy;
    if (change.kind === 'unassigned-changed') return dataOnly && dataOrigin ? { kind: 'data', origin: dataOrigin } : closedThrough;
    const culprit = change.causedBy?.[0];
    if (culprit) {
        const declared = culprit.kind === 'rule' ? model.rules.find((rule) => rule.name === culprit.name)
            : culprit.kind === 'plan' ? model.plans.find((plan) => plan.name === culprit.name)
            : model.groups.find((group) => group.name === culprit.name);
        if (declared?.origin) return { kind: culprit.kind, name: culprit.name, origin: declared.origin };
    }
    if (dataOnly && dataOrigin) return { kind: 'data', origin: dataOrigin };
    const group = model.groups.find((candidate) => candidate.name === change.group);
    return group?.origin ? { kind: 'group', name: group.name, origin: group.origin } : closedThrough;
}
