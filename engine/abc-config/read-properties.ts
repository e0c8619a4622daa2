import type { Json, Reader } from './source-file.js';
import type { AbcAssociatedResource, AbcCustomLineItem, AbcLineItemFilter, AbcPricingRule } from './types.js';
import { opt } from './optional.js';

type Path = readonly (string | number)[];
type Props = { readonly [key: string]: Json };

const RULE_KEYS = ['Name', 'Description', 'Scope', 'Type', 'ModifierPercentage', 'Service', 'BillingEntity', 'UsageType', 'Operation', 'Tiering', 'Tags', 'Arn', 'AssociatedPricingPlanCount', 'CreationTime', 'LastModifiedTime'];

/** A PricingRule from its properties (CloudFormation and the API share the names). */
export function readRule(reader: Reader, props: Props, path: Path, value: (v: Json | undefined, p: Path) => Json | undefined): AbcPricingRule {
    unknownKeys(reader, props, path, RULE_KEYS);
    const at = (key: string): Path => [...path, key];
    const str = (key: string): string | undefined => reader.optionalString(value(props[key], at(key)), at(key));
    const type = reader.oneOf(value(props.Type, at('Type')), at('Type'), ['MARKUP', 'DISCOUNT', 'TIERING'] as const);
    const tieringValue = value(props.Tiering, at('Tiering'));
    let tiering: AbcPricingRule['Tiering'];
    if (tieringValue !== undefined && tieringValue !== null) {
        const t = reader.object(tieringValue, at('Tiering'));
        const freeTier = t.FreeTier === undefined ? undefined : reader.boolean(reader.object(t.FreeTier, [...at('Tiering'), 'FreeTier']).Activated, [...at('Tiering'), 'FreeTier', 'Activated']);
        const tiers = t.CustomTiers === undefined ? undefined : reader.array(t.CustomTiers, [...at('Tiering'), 'CustomTiers']).map((entry, i) => {
            const p = [...at('Tiering'), 'CustomTiers', i];
            const tier = reader.object(entry, p);
            return {
                BeginRangeInclusive: reader.decimal(tier.BeginRangeInclusive, [...p, 'BeginRangeInclusive']),
                ...(tier.EndRangeExclusive !== undefined && tier.EndRangeExclusive !== null && { EndRangeExclusive: reader.decimal(tier.EndRangeExclusive, [...p, 'EndRangeExclusive']) }),
                RateValue: reader.decimal(tier.RateValue, [...p, 'RateValue']),
            };
        });
        tiering = { ...(freeTier !== undefined && { FreeTier: { Activated: freeTier } }), ...(tiers && { CustomTiers: tiers }) };
    }
    const modifier = value(props.ModifierPercentage, at('ModifierPercentage'));
    return {
        Name: reader.string(value(props.Name, at('Name')), at('Name')),
        ...opt('Description', str('Description')),
        Scope: reader.oneOf(value(props.Scope, at('Scope')), at('Scope'), ['GLOBAL', 'SERVICE', 'BILLING_ENTITY', 'SKU'] as const),
        Type: type,
        ...(modifier !== undefined && modifier !== null && type !== 'TIERING' && { ModifierPercentage: reader.decimal(modifier, at('ModifierPercentage')) }),
        ...opt('Service', str('Service')),
        ...opt('BillingEntity', str('BillingEntity')),
        ...opt('UsageType', str('UsageType')),
        ...opt('Operation', str('Operation')),
        ...(tiering && { Tiering: tiering }),
    };
}

/** The charge details, filters and presentation of a custom line item (CloudFormation or the API's names). */
export function readLineItem(
    reader: Reader, props: Props, path: Path, group: string,
    value: (v: Json | undefined, p: Path) => Json | undefined,
    associated: (v: Json, p: Path) => AbcAssociatedResource | undefined,
): AbcCustomLineItem {
    const at = (key: string): Path => [...path, key];
    const detailsKey = props.CustomLineItemChargeDetails !== undefined ? 'CustomLineItemChargeDetails' : 'ChargeDetails';
    const details = reader.object(value(props[detailsKey], at(detailsKey)), at(detailsKey));
    const dp = at(detailsKey);
    const type = reader.oneOf(details.Type, [...dp, 'Type'], ['FEE', 'CREDIT'] as const);
    let charge: AbcCustomLineItem['charge'];
    if (details.Flat !== undefined && details.Flat !== null) {
        charge = { kind: 'flat', ChargeValue: reader.decimal(reader.object(details.Flat, [...dp, 'Flat']).ChargeValue, [...dp, 'Flat', 'ChargeValue']) };
    } else if (details.Percentage !== undefined && details.Percentage !== null) {
        const pct = reader.object(details.Percentage, [...dp, 'Percentage']);
        const key = pct.ChildAssociatedResources !== undefined ? 'ChildAssociatedResources' : 'AssociatedValues';
        const list = pct[key] === undefined ? [] : reader.array(value(pct[key], [...dp, 'Percentage', key]), [...dp, 'Percentage', key]);
        charge = {
            kind: 'percentage',
            PercentageValue: reader.decimal(pct.PercentageValue, [...dp, 'Percentage', 'PercentageValue']),
            associated: list.flatMap((entry, i) => { const base = associated(entry, [...dp, 'Percentage', key, i]); return base ? [base] : []; }),
        };
    } else {
        reader.source.fail(dp, 'expected a Flat or a Percentage charge');
    }
    const filters: AbcLineItemFilter[] = details.LineItemFilters === undefined ? [] : reader.array(details.LineItemFilters, [...dp, 'LineItemFilters']).map((entry, i) => {
        const fp = [...dp, 'LineItemFilters', i];
        const filter = reader.object(entry, fp);
        const attribute = reader.oneOf(filter.Attribute, [...fp, 'Attribute'], ['LINE_ITEM_TYPE', 'SERVICE'] as const);
        const match = reader.oneOf(filter.MatchOption, [...fp, 'MatchOption'], ['EQUAL', 'NOT_EQUAL'] as const);
        const strings = (key: string): string[] | undefined => filter[key] === undefined ? undefined : reader.array(filter[key], [...fp, key]).map((v, j) => reader.string(v, [...fp, key, j]));
        if (attribute === 'LINE_ITEM_TYPE') {
            const values = strings('Values') ?? [];
            if (match !== 'NOT_EQUAL' || values.length !== 1 || values[0] !== 'SAVINGS_PLAN_NEGATION') reader.source.fail(fp, 'a LINE_ITEM_TYPE filter is NOT_EQUAL [SAVINGS_PLAN_NEGATION] (the only one ABC has)');
            return { Attribute: attribute, MatchOption: match, Values: values };
        }
        const services = strings('AttributeValues') ?? strings('Values') ?? [];
        if (services.length === 0) reader.source.fail(fp, 'a SERVICE filter names at least one service code in AttributeValues');
        return { Attribute: attribute, MatchOption: match, AttributeValues: services };
    });
    const rangeValue = value(props.BillingPeriodRange, at('BillingPeriodRange'));
    let range: AbcCustomLineItem['BillingPeriodRange'];
    if (rangeValue !== undefined && rangeValue !== null) {
        const r = reader.object(rangeValue, at('BillingPeriodRange'));
        const period = (key: string): string | undefined => {
            const text = reader.optionalString(r[key], [...at('BillingPeriodRange'), key]);
            if (text === undefined) return undefined;
            const match = /^(\d{4})-(0?[1-9]|1[0-2])$/.exec(text);
            if (!match) reader.source.fail([...at('BillingPeriodRange'), key], `expected a billing period YYYY-MM, found '${text}'`);
            return `${match[1]}-${match[2]!.padStart(2, '0')}`;
        };
        const start = period('InclusiveStartBillingPeriod');
        const end = period('ExclusiveEndBillingPeriod');
        range = { ...opt('InclusiveStartBillingPeriod', start), ...opt('ExclusiveEndBillingPeriod', end) };
    }
    const presentation = value(props.PresentationDetails, at('PresentationDetails'));
    const presentationService = presentation === undefined || presentation === null ? undefined : reader.string(reader.object(presentation, at('PresentationDetails')).Service, [...at('PresentationDetails'), 'Service']);
    const computation = value(props.ComputationRule, at('ComputationRule'));
    const account = value(props.AccountId, at('AccountId'));
    return {
        Name: reader.string(value(props.Name, at('Name')), at('Name')),
        ...opt('Description', reader.optionalString(value(props.Description, at('Description')), at('Description'))),
        group,
        ...(account !== undefined && account !== null && { AccountId: reader.accountId(account, at('AccountId')) }),
        Type: type,
        charge,
        LineItemFilters: filters,
        ComputationRule: computation === undefined || computation === null ? 'CONSOLIDATED' : reader.oneOf(computation, at('ComputationRule'), ['CONSOLIDATED', 'ITEMIZED'] as const),
        ...(presentationService !== undefined && presentationService !== 'AWSBillingConductor' && { PresentationService: presentationService }),
        ...(range && Object.keys(range).length > 0 && { BillingPeriodRange: range }),
    };
}

function unknownKeys(reader: Reader, props: Props, path: Path, known: readonly string[]): void {
    for (const key of Object.keys(props)) if (!known.includes(key)) reader.source.fail([...path, key], `unexpected property '${key}' (expected one of ${known.slice(0, 10).join(', ')})`);
}
