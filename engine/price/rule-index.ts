import type { Decimal } from '../money/decimal.js';
import type { CustomTier, PolicyModel, PricingPlan, PricingRule } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';
import { isValidPercent, ruleFactor } from './factor.js';

/** A MARKUP or DISCOUNT rule ready to apply. */
export interface RateRule {
    readonly name: string;
    readonly factor: Decimal;
    /** Position in the plan, to list rule effects in the order the user wrote them. */
    readonly order: number;
}

/** A TIERING rule ready to apply. */
export interface TieringRule {
    readonly name: string;
    readonly freeTier: boolean;
    readonly customTiers: readonly CustomTier[] | undefined;
    readonly order: number;
}

/** What a markup/discount rule can see of a line item. */
export interface SkuKey {
    readonly service: string;
    readonly billingEntity: string;
    readonly usageType: string;
    readonly operation: string;
}

/** SKU-scope rules of one service. */
export interface SkuRules {
    /** Keyed by `skuKey(usageType, operation)`. */
    readonly byUsageTypeAndOperation: Map<string, RateRule>;
    readonly byUsageType: Map<string, RateRule>;
    readonly byOperation: Map<string, RateRule>;
}

/**
 * The rules of one pricing plan, indexed by scope key so that finding the rule of a line item is a few
 * map lookups. Precedence (ABC: "scopes don't overlap", the most granular wins, no compounding):
 * SKU > SERVICE > BILLING_ENTITY > GLOBAL; among SKU rules service+usage type+operation beats
 * service+usage type beats service+operation.
 */
export class PlanRules {
    global: RateRule | undefined;
    readonly byEntity = new Map<string, RateRule>();
    readonly byService = new Map<string, RateRule>();
    /** SKU rules by service code. */
    readonly bySku = new Map<string, SkuRules>();
    globalTiering: TieringRule | undefined;
    readonly tieringByService = new Map<string, TieringRule>();
    /** Every rule of the plan, by name, in plan order. */
    readonly rateRules: RateRule[] = [];
    readonly tieringRules: TieringRule[] = [];
    /** Rules listed in the plan (an upper bound of every rule's `order` + 1). */
    readonly ruleCount: number;

    constructor(
        readonly planName: string,
        private readonly resolved: readonly PricingRule[],
        issues: ReportIssue[],
    ) {
        const rules = resolved;
        this.ruleCount = rules.length;
        rules.forEach((rule, order) => this.add(rule, order, issues));
    }

    private signatureText: string | undefined;

    /**
     * The plan's resolved rules as text: two plans with the same signature price every cell alike (the
     * per-group detail memo of price-policy.ts keys on it, since an edited policy is new objects).
     */
    get signature(): string {
        return (this.signatureText ??= JSON.stringify([this.planName, this.resolved]));
    }

    private shapeText: string | undefined;

    /**
     * What decides where the segment walk sums each cell, without the rates: the order of the rule of every scope
     * key and the tiering choices (free tier on or off, custom tiers or not). Plans with one shape sum a cell's
     * base under the same rule order, so their walks differ only by the factors that multiply the sums
     * (`RuleBasesCache` in rule-bases.ts keys on it).
     */
    get shape(): string {
        const orders = (rules: ReadonlyMap<string, RateRule>): [string, number][] => [...rules].map(([key, rule]) => [key, rule.order]);
        const tiering = (rule: TieringRule | undefined): [boolean, boolean] | null => (rule ? [rule.freeTier, rule.customTiers !== undefined] : null);
        return (this.shapeText ??= JSON.stringify([
            this.ruleCount,
            this.global?.order ?? -1,
            orders(this.byEntity),
            orders(this.byService),
            [...this.bySku].map(([service, sku]) => [service, orders(sku.byUsageTypeAndOperation), orders(sku.byUsageType), orders(sku.byOperation)]),
            tiering(this.globalTiering),
            [...this.tieringByService].map(([service, rule]) => [service, tiering(rule)]),
        ]));
    }

    private add(rule: PricingRule, order: number, issues: ReportIssue[]): void {
        const conflict = (existing: { name: string } | undefined): boolean => {
            if (!existing) return false;
            issues.push({
                severity: 'warning',
                code: 'rule-conflict',
                message: `Pricing plan ${this.planName}: rules ${existing.name} and ${rule.name} match the same charges; ${existing.name} (listed first) applies.`,
            });
            return true;
        };
        if (rule.type === 'TIERING') {
            const tiering: TieringRule = { name: rule.name, freeTier: rule.freeTier !== false, customTiers: rule.customTiers?.length ? rule.customTiers : undefined, order };
            if (rule.scope === 'GLOBAL') {
                if (!conflict(this.globalTiering)) this.globalTiering = tiering;
            } else if (rule.scope === 'SERVICE' && rule.service) {
                if (!conflict(this.tieringByService.get(rule.service))) this.tieringByService.set(rule.service, tiering);
            } else {
                issues.push({ severity: 'warning', code: 'rule-ignored', message: `Pricing rule ${rule.name}: tiering applies only to GLOBAL or SERVICE scope; ignored.` });
                return;
            }
            this.tieringRules.push(tiering);
            return;
        }
        if (!isValidPercent(rule.modifierPercent)) {
            issues.push({ severity: 'warning', code: 'rule-ignored', message: `Pricing rule ${rule.name}: modifier "${rule.modifierPercent}" is not a number; ignored.` });
            return;
        }
        const rate: RateRule = { name: rule.name, factor: ruleFactor(rule), order };
        switch (rule.scope) {
            case 'GLOBAL':
                if (conflict(this.global)) return;
                this.global = rate;
                break;
            case 'BILLING_ENTITY':
                if (rule.billingEntity === undefined || conflict(this.byEntity.get(rule.billingEntity))) return;
                this.byEntity.set(rule.billingEntity, rate);
                break;
            case 'SERVICE':
                if (rule.service === undefined || conflict(this.byService.get(rule.service))) return;
                this.byService.set(rule.service, rate);
                break;
            case 'SKU': {
                if (rule.service === undefined || (rule.usageType === undefined && rule.operation === undefined)) return;
                let sku = this.bySku.get(rule.service);
                if (!sku) {
                    sku = { byUsageTypeAndOperation: new Map(), byUsageType: new Map(), byOperation: new Map() };
                    this.bySku.set(rule.service, sku);
                }
                const [map, key] =
                    rule.usageType !== undefined && rule.operation !== undefined
                        ? [sku.byUsageTypeAndOperation, skuKey(rule.usageType, rule.operation)]
                        : rule.usageType !== undefined
                          ? [sku.byUsageType, rule.usageType]
                          : [sku.byOperation, rule.operation!];
                if (conflict(map.get(key))) return;
                map.set(key, rate);
                break;
            }
        }
        this.rateRules.push(rate);
    }

    /** The single most specific MARKUP/DISCOUNT rule for a line item, or undefined (public on-demand). */
    rateRuleFor(key: SkuKey): RateRule | undefined {
        const sku = this.bySku.get(key.service);
        if (sku) {
            const rule =
                sku.byUsageTypeAndOperation.get(skuKey(key.usageType, key.operation)) ??
                sku.byUsageType.get(key.usageType) ??
                sku.byOperation.get(key.operation);
            if (rule) return rule;
        }
        return this.byService.get(key.service) ?? this.byEntity.get(key.billingEntity) ?? this.global;
    }

    /** The most specific TIERING rule for a service (SERVICE > GLOBAL), or undefined (AWS defaults). */
    tieringRuleFor(service: string): TieringRule | undefined {
        return this.tieringByService.get(service) ?? this.globalTiering;
    }
}

export function skuKey(usageType: string, operation: string): string {
    return `${usageType}\u0000${operation}`;
}

/** Builds the rule index of every plan of the policy; unknown rule names are reported and skipped. */
export function indexPlans(policy: PolicyModel, issues: ReportIssue[]): Map<string, PlanRules> {
    const rulesByName = new Map<string, PricingRule>();
    for (const rule of policy.rules) if (!rulesByName.has(rule.name)) rulesByName.set(rule.name, rule);
    const plans = new Map<string, PlanRules>();
    for (const plan of policy.plans) {
        if (plans.has(plan.name)) continue;
        plans.set(plan.name, new PlanRules(plan.name, resolveRules(plan, rulesByName, issues), issues));
    }
    return plans;
}

function resolveRules(plan: PricingPlan, rulesByName: Map<string, PricingRule>, issues: ReportIssue[]): PricingRule[] {
    const rules: PricingRule[] = [];
    for (const name of plan.rules) {
        const rule = rulesByName.get(name);
        if (rule) rules.push(rule);
        else issues.push({ severity: 'warning', code: 'unknown-rule', message: `Pricing plan ${plan.name} names rule ${name}, which is not defined; ignored.` });
    }
    return rules;
}
