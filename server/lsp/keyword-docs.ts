/**
 * The one table of keyword documentation the editor's hovers show: every keyword of language/billing.langium, keyed by
 * the keyword, or `GrammarRule:keyword` where one word means different things (`plan` declares a plan or names the
 * group's; `service` scopes a rule or filters a line item's base). test/server/keyword-hover.test.ts checks that every
 * word keyword of the grammar has an entry, and a section of the docs (KEYWORD_SECTIONS) its hover links to.
 */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
    import: '`import "file.billing"` — makes the declarations of another policy file (relative to this one) visible here.',
    closed: '`closed through YYYY-MM` — billing periods up to and including YYYY-MM were billed: `billing check` fails when the policy or the data would change them (docs/closing-a-month.md).',
    through: '`closed through YYYY-MM` — the last closed billing period (inclusive).',
    payer: '`payer ID "name"` — the management (payer) account of the organization. At most one.',
    'Account:account': '`account ID "name"` — a linked account: a 12-digit id and the name the policy uses for it.',
    'AllocatedAccount:account': '`account ACCOUNT` — the account a custom line item is posted to (default: the group\'s primary; must be a member).',
    data: '`data "path"` — the CUR / FOCUS data this policy is priced on: a file, folder, glob or manifest, relative to this file. The editor\'s `billing.data.path` and `--data` take precedence.',
    rule: '`rule NAME { … }` — a pricing rule: `markup N%`, `discount N%` or `tiering`, scoped by `service`, `billing-entity`, `usage-type`, `operation` (none: GLOBAL). The most specific rule of a plan prices a line item: SKU > SERVICE > BILLING_ENTITY > GLOBAL.',
    'Rule:service': '`service CODE` — the rule prices only this service code (`lineItem/ProductCode`, e.g. `AmazonEC2`): SERVICE scope, or SKU with `usage-type` / `operation`.',
    'ServiceFilter:service': '`service = CODE, …` / `service != CODE` — a percentage line item\'s base counts only (or all but) these service codes.',
    'billing-entity': '`billing-entity NAME` — the rule prices only line items of this seller (`bill/BillingEntity`: `AWS`, `AWS Marketplace`, `AISPL`): BILLING_ENTITY scope.',
    'usage-type': '`usage-type TYPE` — with `service`, the rule prices only this usage type (`lineItem/UsageType`): SKU scope.',
    operation: '`operation OP` — with `service`, the rule prices only this operation (`lineItem/Operation`): SKU scope.',
    markup: '`markup N%` — the public on-demand rate × (1 + N/100).',
    discount: '`discount N%` — the public on-demand rate × (1 − N/100); at most 100%.',
    tiering: '`tiering` — how the AWS free tier applies; `tiering free-tier off` prices usage the Always Free tier would cover. GLOBAL or SERVICE scope only.',
    'free-tier': '`free-tier on|off` — whether the AWS Always Free tier applies under this tiering rule (default on).',
    on: '`on` — the free tier applies.',
    off: '`off` — the free tier does not apply: that usage is priced.',
    tier: '`tier BEGIN to END at RATE` — a custom usage range of a tiering rule: usage from BEGIN (inclusive) to END (exclusive) costs RATE per unit.',
    to: '`to END` — the end of a custom tier\'s usage range (exclusive); absent: no end.',
    at: '`at RATE` — the price per unit of usage in a custom tier.',
    'Plan:plan': '`plan NAME { rules … }` — a pricing plan: a named set of rules; one plan can serve many groups. `min-margin` sets the floor of every group on it.',
    'PlanUse:plan': '`plan NAME` — the pricing plan this group is priced with (one per group), or an AWS-managed plan such as `Passthrough`.',
    rules: '`rules A, B` — the rules of the plan (at most 500).',
    group: '`group NAME { … }` — a billing group: accounts priced together under one plan (`primary`, `accounts`, `plan`), with optional custom line items, budget and margin floor.',
    transfer: '`transfer "ARN" from YYYY-MM` — a billing-transfer group (ABC TRANSFER_BILLING): the bill another organization transfers to this payer. No `primary` needed.',
    primary: '`primary ACCOUNT` — the group\'s primary account (ABC: it receives the group\'s pro forma bill and its custom line items by default). One per group, and a member.',
    accounts: '`accounts A, B from YYYY-MM until YYYY-MM` — the group\'s member accounts, optionally for a range of billing periods. An account is in at most one group per period.',
    'Membership:from': '`from YYYY-MM` — the first billing period of this membership (inclusive).',
    'Transfer:from': '`from YYYY-MM` — the transfer\'s first billing period: before it the group is PENDING and bills nothing.',
    'FromPeriod:from': '`from YYYY-MM` — the first billing period the custom line item applies to (inclusive).',
    'Membership:until': '`until YYYY-MM` — the membership ends before this billing period (exclusive).',
    'InForce:from': '`from YYYY-MM` — the first billing period this membership or dated version is in force (inclusive); versions of one value must not overlap or leave gaps.',
    'InForce:until': '`until YYYY-MM` — this membership or dated version is in force before this billing period (exclusive).',
    'UntilPeriod:until': '`until YYYY-MM` — the custom line item applies before this billing period (exclusive).',
    'auto-associate': '`auto-associate` — the group receives every account that no group names (at most one such group).',
    budget: '`budget AMOUNT` — the group\'s monthly pro forma budget: the editor (BIL107) and `billing check --fail-on budget` report a period over it.',
    'min-margin': '`min-margin N%` — a margin floor: a period whose margin % is below it is reported (BIL108, `billing check --fail-on margin`).',
    fee: '`fee NAME flat AMOUNT` / `fee NAME N% of charges` — a custom line item that adds to the group\'s pro forma cost.',
    credit: '`credit NAME flat AMOUNT` / `credit NAME N% of charges` — a custom line item that subtracts from the group\'s pro forma cost.',
    flat: '`flat AMOUNT` — a fixed amount per billing period (0–1,000,000).',
    of: '`N% of charges` / `N% of ITEM` — the base of a percentage line item: the group\'s repriced charges, or other line items of the group.',
    charges: '`charges` — the group\'s repriced charges (pro forma cost before custom line items) in the period.',
    exclude: '`exclude savings-plan-negation` — leave Savings Plans negation lines out of the base.',
    'savings-plan-negation': '`savings-plan-negation` — the Savings Plans negation lines (`SavingsPlanNegation`) of the base.',
    itemized: '`itemized` — a percentage line item is exported as one line per applicable line item (default: one consolidated line).',
    'presented-as': '`presented-as SERVICE` — the service code the custom line item is shown under (default `AWSBillingConductor`).',
};

/** A section of the documentation shipped with the product: a file and the GitHub anchor of one of its headings. */
export interface DocSection {
    readonly title: string;
    readonly path: string;
    readonly anchor?: string;
}

/** Where each keyword (a key of KEYWORD_DOCS) is explained at length: the sections of README's language reference. */
const SECTION_KEYS: readonly (DocSection & { readonly keys: readonly string[] })[] = [
    { title: 'Statements', path: 'README.md', anchor: 'statements', keys: ['import', 'payer', 'Account:account', 'data', 'Plan:plan', 'rules', 'group'] },
    { title: 'Closing a month', path: 'docs/closing-a-month.md', keys: ['closed', 'through'] },
    {
        title: 'Pricing rules', path: 'README.md', anchor: 'pricing-rules',
        keys: ['rule', 'Rule:service', 'billing-entity', 'usage-type', 'operation', 'markup', 'discount', 'tiering', 'free-tier', 'on', 'off', 'tier', 'to', 'at'],
    },
    {
        title: 'Billing groups', path: 'README.md', anchor: 'billing-groups',
        keys: ['PlanUse:plan', 'transfer', 'Transfer:from', 'primary', 'accounts', 'Membership:from', 'Membership:until', 'auto-associate'],
    },
    { title: 'Budgets and margin floors', path: 'README.md', anchor: 'budgets-and-margin-floors', keys: ['budget', 'min-margin'] },
    { title: 'Prices that change over time', path: 'README.md', anchor: 'prices-that-change-over-time', keys: ['InForce:from', 'InForce:until'] },
    {
        title: 'Custom line items', path: 'README.md', anchor: 'custom-line-items',
        keys: ['fee', 'credit', 'flat', 'of', 'charges', 'exclude', 'savings-plan-negation', 'ServiceFilter:service', 'AllocatedAccount:account', 'itemized',
            'presented-as', 'FromPeriod:from', 'UntilPeriod:until'],
    },
];

/** The docs section of each key of KEYWORD_DOCS. */
export const KEYWORD_SECTIONS: Readonly<Record<string, DocSection>> = Object.fromEntries(
    SECTION_KEYS.flatMap(({ keys, ...section }) => keys.map(key => [key, section] as const)));

/** The docs section a keyword's hover links to, by the same lookup as its documentation. */
export function keywordSection(keyword: string, grammarRule: string | undefined): DocSection | undefined {
    return (grammarRule !== undefined ? KEYWORD_SECTIONS[`${grammarRule}:${keyword}`] : undefined) ?? KEYWORD_SECTIONS[keyword];
}

/** The documentation of a keyword as used in a grammar rule, if the table has it. */
export function keywordDoc(keyword: string, grammarRule: string | undefined): string | undefined {
    return (grammarRule !== undefined ? KEYWORD_DOCS[`${grammarRule}:${keyword}`] : undefined) ?? KEYWORD_DOCS[keyword];
}
