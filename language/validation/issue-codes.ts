/**
 * The catalogue of every diagnostic the `.billing` language reports.
 *
 * Each entry has a stable code (`BIL…`, never reused or renumbered), a kebab-case name, a default
 * severity, a message template and the documentation rendered into docs/diagnostics.md. Tests, code
 * actions and CLI output key off the code; message text may change freely.
 *
 * Architecture invariant: this file is plain data (no Langium import) so that the docs generator can
 * load it without the language runtime.
 */

export type IssueSeverity = 'error' | 'warning' | 'info';

export interface IssueDefinition<Args extends readonly unknown[]> {
    /** Stable code, `BIL` and three digits. */
    readonly code: string;
    /** Kebab-case name, stable too. */
    readonly name: string;
    readonly severity: IssueSeverity;
    /** One line: what is wrong, used as the docs section title. */
    readonly summary: string;
    /** The diagnostic message; says what was expected and what was found. */
    readonly message: (...args: Args) => string;
    /** Markdown: why this is a problem and how to fix it. */
    readonly explanation: string;
    /** A `.billing` text that produces this diagnostic. */
    readonly wrong: string;
    /** The same text corrected: it produces no error at all and not this diagnostic. */
    readonly right: string;
    /**
     * The examples abbreviate (`…`) what would be too long to print (quotas) or need several files
     * (imports): they are illustrative and not run by the example tests; dedicated tests cover the code.
     */
    readonly sketch?: true;
    /**
     * Data-aware checks only: the billing data the examples assume. These checks run in the editor's
     * slower `data` validation category once data is loaded, never while typing; their examples are run
     * against a CUR fixture matching this text (test/server/data-checks.test.ts).
     */
    readonly dataContext?: string;
}

/** Any catalogue entry, whatever its message arguments. */
export type AnyIssue = IssueDefinition<never>;

function issue<Args extends readonly unknown[]>(definition: IssueDefinition<Args>): IssueDefinition<Args> {
    return definition;
}

/** ABC quotas and value ranges (abc-semantics §4, §6, §8). */
export const Limits = {
    rulesPerPlan: 500,
    accountsPerGroup: 1000,
    filteredLineItemsPerGroup: 10,
    itemizedLineItemsPerGroup: 5,
    basesPerLineItem: 100,
    customTiersPerRule: 10,
    maxFlatAmount: 1_000_000,
    maxPercentage: 10_000,
    maxDiscount: 100,
    modifierDecimals: 2,
    nameLength: 128,
    descriptionLength: 1024,
    lineItemDescriptionLength: 255,
    /** Digits before the point of any number in a policy: magnitude below 10^20, as the ingest accepts amounts. */
    numberIntegerDigits: 20,
    /** Digits after the point of any number in a policy, as the ingest accepts amounts. */
    numberDecimals: 40,
} as const;

/** Formats an integer with thousands separators, the way messages print quotas. */
export function formatCount(value: number): string {
    return value.toLocaleString('en-US');
}

const q = (text: string): string => `'${text}'`;

// A small policy the examples build on, so that their "right" version has no error at all.
const ACCOUNTS = `account 111111111111 "web-prod"
account 222222222222 "web-dev"`;
const PLAN = `rule standard-markup { markup 7% }
plan standard { rules standard-markup }`;

export const Issues = {
    // ---- Syntax and references -------------------------------------------------------------------
    lexingError: issue({
        code: 'BIL001',
        name: 'lexing-error',
        severity: 'error',
        summary: 'Character that cannot start any word of the language',
        message: (text: string) =>
            `unexpected character${text.length > 1 ? 's' : ''} ${q(text.length > 20 ? `${text.substring(0, 20)}…` : text)}: ` +
            'not part of any name, number, period, string or keyword',
        explanation:
            'The text contains a character that no token of the language starts with (for example `#`, `$` or a ' +
            'stray quote). Comments are written `// …` or `/* … */`; names may contain letters, digits, `_`, `-`, ' +
            '`.`, `@` and `+`.',
        wrong: 'rule standard-markup { markup 7# }',
        right: 'rule standard-markup { markup 7% }',
    }),
    parsingError: issue({
        code: 'BIL002',
        name: 'parsing-error',
        severity: 'error',
        summary: 'Text that does not follow the grammar',
        message: (detail: string) => detail,
        explanation:
            'The words are valid but not in an order the grammar allows: a missing `}`, a missing number after ' +
            '`markup`, a statement that does not start with `import`, `payer`, `account`, `data`, `rule`, `plan` or ' +
            '`group`. The message says what was expected at that point.',
        wrong: 'rule standard-markup { markup }',
        right: 'rule standard-markup { markup 7% }',
    }),
    unknownAccount: issue({
        code: 'BIL003',
        name: 'unknown-account',
        severity: 'error',
        summary: 'Account name that no `account` or `payer` declares',
        message: (name: string) =>
            `unknown account ${q(name)}: declare it with \`account <12-digit id> "${name}"\` or write its 12-digit id`,
        explanation:
            'Accounts may be written by 12-digit id or by the name given in an `account ID "name"` (or `payer ID ' +
            '"name"`) declaration of this file or of a file it imports. This name matches no declaration.',
        wrong: `account 111111111111 "web-prod"
group web {
  primary web-prd
  accounts web-prd
  plan standard
}
${PLAN}`,
        right: `account 111111111111 "web-prod"
group web {
  primary web-prod
  accounts web-prod
  plan standard
}
${PLAN}`,
    }),
    unknownRule: issue({
        code: 'BIL004',
        name: 'unknown-rule',
        severity: 'error',
        summary: 'Plan that lists a rule nobody declares',
        message: (name: string) => `unknown rule ${q(name)}: no \`rule ${name} { … }\` is declared in this file or its imports`,
        explanation: 'Every name after `rules` in a plan must be the name of a `rule` of this file or of a file it imports.',
        wrong: `rule standard-markup { markup 7% }
plan standard { rules standard-markp }`,
        right: `rule standard-markup { markup 7% }
plan standard { rules standard-markup }`,
    }),
    unknownPlan: issue({
        code: 'BIL005',
        name: 'unknown-plan',
        severity: 'error',
        summary: 'Group that uses a plan nobody declares',
        message: (name: string) => `unknown plan ${q(name)}: no \`plan ${name} { … }\` is declared in this file or its imports`,
        explanation: 'The `plan` of a group must name a `plan` of this file or of a file it imports.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standrd
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
}`,
    }),
    unknownLineItem: issue({
        code: 'BIL006',
        name: 'unknown-line-item',
        severity: 'error',
        summary: 'Percentage line item whose base names no line item of the group',
        message: (name: string) =>
            `unknown line item ${q(name)}: a base is \`charges\` or the name of a flat line item of the same group`,
        explanation:
            'The bases of a percentage line item (`N% of …`) are `charges` (the group\'s pro forma charges) or flat ' +
            'line items **of the same group**, by name.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
  fee platform flat 500
  fee security 2% of charges, platfrom
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
  fee platform flat 500
  fee security 2% of charges, platform
}`,
    }),
    importNotFound: issue({
        code: 'BIL007',
        name: 'import-not-found',
        severity: 'error',
        summary: 'Import of a file that does not exist',
        message: (path: string, resolved: string) => `cannot import ${q(path)}: no file ${q(resolved)}`,
        explanation:
            'An `import` path is resolved relative to the folder of the importing file. The file must exist and be ' +
            'a `.billing` file.',
        wrong: 'import "acounts.billing"',
        right: '// accounts.billing exists next to this file\nimport "accounts.billing"',
        sketch: true,
    }),
    importCycle: issue({
        code: 'BIL008',
        name: 'import-cycle',
        severity: 'warning',
        summary: 'Files that import each other',
        message: (cycle: readonly string[]) => `import cycle: ${cycle.join(' → ')}`,
        explanation:
            'A file imports itself, directly or through other files. Each file is still read once, so the policy is ' +
            'well defined, but a cycle usually means a shared declaration belongs in a file of its own.',
        wrong: '// a.billing\nimport "b.billing"\n// b.billing\nimport "a.billing"',
        right: '// a.billing\nimport "common.billing"\n// b.billing\nimport "common.billing"',
        sketch: true,
    }),

    // ---- Accounts --------------------------------------------------------------------------------
    invalidAccountId: issue({
        code: 'BIL010',
        name: 'invalid-account-id',
        severity: 'error',
        summary: 'Account id that is not exactly 12 digits',
        message: (got: string) => `account id must be exactly 12 digits, got ${q(got)} (${describeDigits(got)})`,
        explanation:
            'AWS account ids are exactly 12 digits, leading zeros included (`012345678901`). Write the id as it ' +
            'appears in the CUR `line_item_usage_account_id` column.',
        wrong: 'account 1234 "web-prod"',
        right: 'account 000000001234 "web-prod"',
    }),
    duplicateAccountId: issue({
        code: 'BIL011',
        name: 'duplicate-account-id',
        severity: 'error',
        summary: 'Account id declared twice',
        message: (id: string) => `account ${id} is declared more than once; declare each account once`,
        explanation:
            'Each account (the payer included) is declared at most once in a policy, across all imported files, ' +
            'so that its name is unambiguous.',
        wrong: 'account 111111111111 "web-prod"\naccount 111111111111 "web"',
        right: 'account 111111111111 "web-prod"',
    }),
    duplicateAccountName: issue({
        code: 'BIL012',
        name: 'duplicate-account-name',
        severity: 'error',
        summary: 'Two accounts declared with the same name',
        message: (name: string) => `account name ${q(name)} is declared for more than one account; names must be unique`,
        explanation: 'Accounts can be referred to by name, so two accounts may not share one.',
        wrong: 'account 111111111111 "web"\naccount 222222222222 "web"',
        right: 'account 111111111111 "web-prod"\naccount 222222222222 "web-dev"',
    }),
    multiplePayers: issue({
        code: 'BIL013',
        name: 'multiple-payers',
        severity: 'error',
        summary: 'More than one `payer`',
        message: (id: string, otherId: string) =>
            `more than one payer: ${id} and ${otherId}; a policy describes one payer (management) account`,
        explanation:
            'A policy prices the data of one AWS Organization, which has exactly one payer (management) account. ' +
            'Declare the other accounts with `account`.',
        wrong: 'payer 999999999999 "acme-management"\npayer 888888888888 "other"',
        right: 'payer 999999999999 "acme-management"\naccount 888888888888 "other"',
    }),
    unassignedAccount: issue({
        code: 'BIL014',
        name: 'unassigned-account',
        severity: 'warning',
        summary: 'Declared account that no group names',
        message: (account: string) =>
            `account ${account} is declared but no group names it and no group has \`auto-associate\`: its costs are in no billing group`,
        explanation:
            'A declared account that no group lists (in `primary` or `accounts`) is *unmonitored*: its costs appear in ' +
            'no pro forma bill. Add it to a group, or give one group `auto-associate` (which receives every account ' +
            'no group names; then this warning is not reported). The payer is never reported. Groups of every file ' +
            'that imports this one count.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),

    // ---- Names and field values ------------------------------------------------------------------
    duplicateName: issue({
        code: 'BIL020',
        name: 'duplicate-name',
        severity: 'error',
        summary: 'Two rules, plans, groups, or line items of one group, with the same name',
        message: (kind: string, name: string) => `duplicate ${kind} name ${q(name)}: ${kind} names must be unique`,
        explanation:
            'Rules, plans and groups each need a unique name across the policy (this file and its imports), and ' +
            'line items a unique name within their group, so that references and reports are unambiguous. A rule ' +
            'and a plan may share a name.',
        wrong: 'rule standard { markup 7% }\nrule standard { discount 5% }',
        right: 'rule standard { markup 7% }\nrule standard-discount { discount 5% }',
    }),
    nameTooLong: issue({
        code: 'BIL021',
        name: 'name-too-long',
        severity: 'error',
        summary: 'Name longer than 128 characters',
        message: (kind: string, length: number) =>
            `${kind} name is ${length} characters long; ABC allows at most ${Limits.nameLength}`,
        explanation: 'ABC limits the names of rules, plans, groups and custom line items to 128 characters.',
        wrong: 'rule standard-markup-for-the-web-business-unit-…(129 characters in all) { markup 7% }',
        right: 'rule standard-markup { markup 7% }',
        sketch: true,
    }),
    descriptionTooLong: issue({
        code: 'BIL022',
        name: 'description-too-long',
        severity: 'error',
        summary: 'Description longer than ABC allows',
        message: (kind: string, length: number, max: number) =>
            `${kind} description is ${formatCount(length)} characters long; ABC allows at most ${formatCount(max)}`,
        explanation:
            'ABC limits descriptions of rules, plans and groups to 1,024 characters and those of custom line items ' +
            '(shown on the Bills page) to 255.',
        wrong: 'rule standard-markup "Standard internal markup, applied to … (1,025 characters in all)" { markup 7% }',
        right: 'rule standard-markup "Standard internal markup" { markup 7% }',
        sketch: true,
    }),
    invalidFieldValue: issue({
        code: 'BIL023',
        name: 'invalid-field-value',
        severity: 'error',
        summary: 'Service code, usage type, operation or billing entity with characters ABC does not accept',
        message: (field: string, value: string, expected: string) => `invalid ${field} ${q(value)}: ${expected}`,
        explanation:
            'Service codes (`service`, `presented-as`, service filters) are 1–128 letters, digits, `.`, `-` or `_`, ' +
            'as in the CUR `line_item_product_code` column (`AmazonEC2`). Usage types and operations are 1–256 ' +
            'characters without whitespace (`USE1-BoxUsage:m5.large`, `RunInstances`). Billing entities are letters, ' +
            'digits, spaces and parentheses.',
        wrong: 'rule ec2 { discount 10% service "Amazon EC2" }',
        right: 'rule ec2 { discount 10% service AmazonEC2 }',
    }),
    unknownBillingEntity: issue({
        code: 'BIL024',
        name: 'unknown-billing-entity',
        severity: 'warning',
        summary: 'Billing entity that AWS does not use',
        message: (value: string) =>
            `billing entity ${q(value)} is not one of ${KNOWN_BILLING_ENTITIES.map(q).join(', ')}; the rule will likely match nothing`,
        explanation:
            'A `billing-entity` rule matches the CUR `bill_billing_entity` column, whose values are `AWS`, ' +
            '`AWS Marketplace` and `AISPL` (case-sensitive).',
        wrong: 'rule marketplace-at-cost { markup 0% billing-entity "AWS marketplace" }',
        right: 'rule marketplace-at-cost { markup 0% billing-entity "AWS Marketplace" }',
    }),

    // ---- Pricing rules ---------------------------------------------------------------------------
    invalidRuleScope: issue({
        code: 'BIL030',
        name: 'invalid-rule-scope',
        severity: 'error',
        summary: 'Rule whose fields make no valid scope',
        message: (problem: string) => `no valid scope: ${problem}`,
        explanation:
            'A rule\'s scope follows from its fields: none → GLOBAL; `service` → SERVICE; `billing-entity` → ' +
            'BILLING_ENTITY; `service` with `usage-type` and/or `operation` → SKU. `usage-type` and `operation` ' +
            'need a `service`, and `service` and `billing-entity` cannot be combined.',
        wrong: 'rule m5-large { discount 12% usage-type "USE1-BoxUsage:m5.large" }',
        right: 'rule m5-large { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }',
    }),
    repeatedRuleField: issue({
        code: 'BIL031',
        name: 'repeated-rule-field',
        severity: 'error',
        summary: 'Rule field given twice',
        message: (field: string) => `\`${field}\` is given more than once; a rule has at most one ${field}`,
        explanation:
            'A rule matches one service, one billing entity, one usage type and one operation at most. Write one ' +
            'rule per value instead.',
        wrong: 'rule compute { discount 10% service AmazonEC2 service AWSLambda }',
        right: 'rule ec2 { discount 10% service AmazonEC2 }\nrule lambda { discount 10% service AWSLambda }',
    }),
    missingModifier: issue({
        code: 'BIL032',
        name: 'missing-modifier',
        severity: 'error',
        summary: 'Rule without `markup`, `discount` or `tiering`',
        message: (rule: string) => `rule ${q(rule)} has no modifier: add \`markup N%\`, \`discount N%\` or \`tiering …\``,
        explanation: 'Every rule is a MARKUP, a DISCOUNT or a TIERING rule; its modifier says which.',
        wrong: 'rule ec2 { service AmazonEC2 }',
        right: 'rule ec2 { discount 10% service AmazonEC2 }',
    }),
    multipleModifiers: issue({
        code: 'BIL033',
        name: 'multiple-modifiers',
        severity: 'error',
        summary: 'Rule with more than one modifier',
        message: (first: string, second: string) =>
            `a rule has exactly one modifier, found \`${first}\` and \`${second}\`; write a separate rule for each`,
        explanation:
            'An ABC rule has one type: MARKUP, DISCOUNT or TIERING. Put a markup and a tiering setting for the same ' +
            'scope in two rules (they may coexist in one plan).',
        wrong: 'rule standard { markup 7% tiering free-tier off }',
        right: 'rule standard { markup 7% }\nrule no-free-tier { tiering free-tier off }',
    }),
    negativeModifier: issue({
        code: 'BIL034',
        name: 'negative-modifier',
        severity: 'error',
        summary: 'Negative markup or discount',
        message: (keyword: string, value: string) =>
            `${keyword} must be 0% or more, got ${value}%${keyword === 'markup' ? '; to lower prices write `discount`' : ''}`,
        explanation: 'ABC modifier percentages are ≥ 0; the direction comes from `markup` or `discount`.',
        wrong: 'rule standard { markup -5% }',
        right: 'rule standard { discount 5% }',
    }),
    discountOver100: issue({
        code: 'BIL035',
        name: 'discount-over-100',
        severity: 'error',
        summary: 'Discount above 100%',
        message: (value: string) => `discount must be at most 100%, got ${value}%: it would make prices negative`,
        explanation: 'A discount of N% multiplies the public on-demand rate by (1 − N/100); above 100% the price is negative.',
        wrong: 'rule free { discount 150% }',
        right: 'rule free { discount 100% }',
    }),
    modifierPrecision: issue({
        code: 'BIL036',
        name: 'modifier-precision',
        severity: 'error',
        summary: 'Markup or discount with more than 2 decimals',
        message: (value: string) =>
            `modifier percentages have at most ${Limits.modifierDecimals} decimals, got ${value}%`,
        explanation:
            'ABC rounds modifier percentages to 2 decimal places. Write the percentage ABC will apply, so that pro ' +
            'forma figures here and in ABC agree.',
        wrong: 'rule standard { markup 7.125% }',
        right: 'rule standard { markup 7.13% }',
    }),
    tieringScope: issue({
        code: 'BIL037',
        name: 'tiering-scope',
        severity: 'error',
        summary: 'Tiering rule with SKU or BILLING_ENTITY scope',
        message: (scope: string) => `a tiering rule must have GLOBAL or SERVICE scope, this one has ${scope} scope`,
        explanation:
            'ABC allows TIERING rules (Always Free tier switch, custom tiers) only for the whole group (no field) or ' +
            'one `service`.',
        wrong: 'rule no-free-tier { tiering free-tier off service AmazonEC2 operation RunInstances }',
        right: 'rule no-free-tier { tiering free-tier off service AmazonEC2 }',
    }),
    ineffectiveTiering: issue({
        code: 'BIL038',
        name: 'ineffective-tiering',
        severity: 'warning',
        summary: 'Tiering rule that changes nothing',
        message: (rule?: string) => rule === undefined
            ? 'this tiering rule has no effect: the free tier is on by default and there are no `tier` lines'
            : `tiering rule '${rule}' has no effect in this plan: the free tier is on by default, no GLOBAL \`free-tier off\` rule of the plan switches it off, and it has no \`tier\` lines`,
        explanation:
            'The Always Free tier is active unless a rule says `tiering free-tier off`. A GLOBAL `tiering` rule with ' +
            'neither `free-tier off` nor custom `tier` lines leaves prices as they are. A SERVICE rule `free-tier on` ' +
            'does have an effect in a plan whose GLOBAL rule says `free-tier off` (it keeps the free tier for that ' +
            'service); in a plan without such a rule it is reported at its entry in the plan.',
        wrong: 'rule free-tier { tiering free-tier on }',
        right: 'rule no-free-tier { tiering free-tier off }',
    }),
    unusedRule: issue({
        code: 'BIL039',
        name: 'unused-rule',
        severity: 'warning',
        summary: 'Rule that no plan lists',
        message: (rule: string) => `rule ${q(rule)} is not used by any plan`,
        explanation:
            'A rule affects prices only through a plan that lists it. Plans of every file that imports this one count.',
        wrong: `rule standard-markup { markup 7% }
rule ec2-discount { discount 10% service AmazonEC2 }
plan standard { rules standard-markup }`,
        right: `rule standard-markup { markup 7% }
rule ec2-discount { discount 10% service AmazonEC2 }
plan standard { rules standard-markup, ec2-discount }`,
    }),
    tierWithoutTiering: issue({
        code: 'BIL040',
        name: 'tier-without-tiering',
        severity: 'error',
        summary: '`tier` line in a rule that is not a tiering rule',
        message: () => '`tier` lines are custom tiers of a tiering rule: add `tiering` to this rule or remove the line',
        explanation: 'Custom usage-range rates (ABC `Tiering.CustomTiers`) belong to TIERING rules only.',
        wrong: 'rule s3 { markup 5% service AmazonS3 tier 0 to 1000 at 0.02 }',
        right: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 1000 at 0.01 }',
    }),
    tierRangeReversed: issue({
        code: 'BIL041',
        name: 'tier-range-reversed',
        severity: 'error',
        summary: 'Tier whose end is not after its begin',
        message: (begin: string, end: string) => `tier range is empty: it ends at ${end}, which is not after its begin ${begin}`,
        explanation: 'A tier `B to E` covers usage from B (inclusive) to E (exclusive), so E must be greater than B.',
        wrong: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 1000 to 500 at 0.01 }',
        right: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 1000 at 0.01 }',
    }),
    tierOverlap: issue({
        code: 'BIL042',
        name: 'tier-overlap',
        severity: 'error',
        summary: 'Tiers whose usage ranges overlap',
        message: (range: string, other: string) => `tier ${range} overlaps tier ${other}: each unit of usage needs one rate`,
        explanation: 'Two tiers of one rule may not cover the same usage. An open-ended tier (no `to`) must be the last one.',
        wrong: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 500 at 0.01 }',
        right: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 1000 at 0.01 }',
    }),
    tierGap: issue({
        code: 'BIL043',
        name: 'tier-gap',
        severity: 'error',
        summary: 'Usage range that no tier covers, before or between tiers',
        message: (from: string, to: string) => `no tier covers usage from ${from} to ${to}: tiers must be contiguous from 0`,
        explanation:
            'Custom tiers start at 0 and each begins where the previous one ends, so that every unit below the last ' +
            'tier\'s end has exactly one rate. The last tier may be open-ended (no `to`).',
        wrong: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 2000 at 0.01 }',
        right: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 1000 at 0.01 }',
    }),
    negativeTierValue: issue({
        code: 'BIL044',
        name: 'negative-tier-value',
        severity: 'error',
        summary: 'Tier with a negative begin, end or rate',
        message: (what: string, value: string) => `tier ${what} must be 0 or more, got ${value}`,
        explanation: 'ABC custom tiers have begin, end and rate ≥ 0.',
        wrong: 'rule s3 { tiering service AmazonS3 tier 0 at -0.01 }',
        right: 'rule s3 { tiering service AmazonS3 tier 0 at 0.01 }',
    }),
    tooManyTiers: issue({
        code: 'BIL045',
        name: 'too-many-tiers',
        severity: 'error',
        summary: 'More than 10 custom tiers in a rule',
        message: (count: number) => `rule has ${count} tiers; ABC allows at most ${Limits.customTiersPerRule}`,
        explanation: 'ABC accepts 1–10 custom tiers per tiering rule.',
        wrong: 'rule s3 { tiering service AmazonS3 tier 0 to 1 at 0.1 tier 1 to 2 at 0.1 … (11 tiers) }',
        right: 'rule s3 { tiering service AmazonS3 tier 0 to 1000 at 0.02 tier 1000 at 0.01 }',
        sketch: true,
    }),

    // ---- Pricing plans ---------------------------------------------------------------------------
    ruleConflict: issue({
        code: 'BIL050',
        name: 'rule-conflict',
        severity: 'error',
        summary: 'Two rules of a plan with the same type family and the same scope key',
        message: (rule: string, other: string, key: string) =>
            `rules ${q(rule)} and ${q(other)} both apply to ${key} in this plan; keep one`,
        explanation:
            'Within a plan, each charge is priced by the most specific matching rule. Two markup/discount rules with ' +
            'the same scope and the same service, billing entity, usage type and operation would both be the most ' +
            'specific, so the result would be ambiguous (ABC: `PRICING_RULE_IN_PRICING_PLAN_CONFLICT`). The same holds ' +
            'for two tiering rules. A tiering rule may share its key with a markup or discount rule: they set ' +
            'different things.',
        wrong: `rule standard-markup { markup 7% }
rule standard-discount { discount 3% }
plan standard { rules standard-markup, standard-discount }`,
        right: `rule standard-markup { markup 7% }
rule no-free-tier { tiering free-tier off }
plan standard { rules standard-markup, no-free-tier }`,
    }),
    duplicateRuleInPlan: issue({
        code: 'BIL051',
        name: 'duplicate-rule-in-plan',
        severity: 'error',
        summary: 'Plan that lists the same rule twice',
        message: (rule: string) => `rule ${q(rule)} is listed more than once in this plan`,
        explanation: 'A rule is either in a plan or not (ABC: `DUPLICATE_PRICINGRULE_ARNS`). Remove the repetition.',
        wrong: 'rule standard-markup { markup 7% }\nplan standard { rules standard-markup, standard-markup }',
        right: 'rule standard-markup { markup 7% }\nplan standard { rules standard-markup }',
    }),
    tooManyRulesInPlan: issue({
        code: 'BIL052',
        name: 'too-many-rules-in-plan',
        severity: 'error',
        summary: 'Plan with more than 500 rules',
        message: (count: number) => `plan has ${formatCount(count)} rules; ABC allows at most ${formatCount(Limits.rulesPerPlan)} per plan`,
        explanation: 'ABC quota: a pricing plan holds at most 500 pricing rules. Split the rules over several plans and groups.',
        wrong: 'plan big { rules r1, r2, r3, … r501 }',
        right: 'plan big { rules r1, r2, r3, … r500 }',
        sketch: true,
    }),
    unusedPlan: issue({
        code: 'BIL053',
        name: 'unused-plan',
        severity: 'warning',
        summary: 'Plan that no group uses',
        message: (plan: string) => `plan ${q(plan)} is not used by any group`,
        explanation: 'A plan affects prices only through a group that uses it. Groups of every file that imports this one count.',
        wrong: `${ACCOUNTS}
${PLAN}
plan premium { rules standard-markup }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),

    repeatedPlanClause: issue({
        code: 'BIL054',
        name: 'repeated-plan-clause',
        severity: 'error',
        summary: 'Plan with more than one `min-margin`',
        message: (clause: string) => `\`${clause}\` is given more than once in this plan; a plan has one margin floor`,
        explanation:
            'A plan\'s `min-margin` is the margin floor of every group on the plan that does not set its own; with two ' +
            'the floor would be ambiguous. Keep one.',
        wrong: `rule standard-markup { markup 7% }
plan standard {
  rules standard-markup
  min-margin 5%
  min-margin 6%
}`,
        right: `rule standard-markup { markup 7% }
plan standard {
  rules standard-markup
  min-margin 5%
}`,
    }),

    // ---- Billing groups --------------------------------------------------------------------------
    missingPrimary: issue({
        code: 'BIL060',
        name: 'missing-primary',
        severity: 'error',
        summary: 'Group without `primary`',
        message: (group: string) => `group ${q(group)} has no primary account: add \`primary <account>\``,
        explanation:
            'Every billing group has a primary account, which receives the group\'s consolidated pro forma view and ' +
            'the custom line items that name no `account`.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  accounts web-prod, web-dev
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),
    primaryNotMember: issue({
        code: 'BIL061',
        name: 'primary-not-member',
        severity: 'error',
        summary: 'Primary account that is not among the group\'s accounts',
        message: (account: string, group: string) =>
            `primary account ${account} is not among the accounts of group ${q(group)}: add it to \`accounts\``,
        explanation: 'The primary account must be a member of its group (ABC: `PRIMARY_NOT_ASSOCIATED`).',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-dev
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),
    payerAsPrimary: issue({
        code: 'BIL062',
        name: 'payer-as-primary',
        severity: 'error',
        summary: 'Payer account used as a primary account',
        message: (account: string) =>
            `the payer account ${account} cannot be a group's primary account; it may only be an ordinary member`,
        explanation:
            'ABC lets the payer (management) account be a member of a billing group but never its primary account.',
        wrong: `payer 999999999999 "acme-management"
${ACCOUNTS}
${PLAN}
group web {
  primary acme-management
  accounts acme-management, web-prod, web-dev
  plan standard
}`,
        right: `payer 999999999999 "acme-management"
${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts acme-management, web-prod, web-dev
  plan standard
}`,
    }),
    missingPlan: issue({
        code: 'BIL063',
        name: 'missing-plan',
        severity: 'error',
        summary: 'Group without `plan`',
        message: (group: string) => `group ${q(group)} has no pricing plan: add \`plan <name>\` (\`plan BasicPricingPlan\` bills at public on-demand rates)`,
        explanation:
            'Every billing group is priced by exactly one pricing plan (ABC requires `PricingPlanArn`). A plan with no rules ' +
            'prices at public on-demand rates; ABC\'s AWS-managed `BasicPricingPlan` is that plan, usable by name without ' +
            'declaring it (as the console offers it when a group is created).',
        wrong: `${ACCOUNTS}
group web {
  primary web-prod
  accounts web-prod, web-dev
}`,
        right: `${ACCOUNTS}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan BasicPricingPlan
}`,
    }),
    repeatedGroupClause: issue({
        code: 'BIL064',
        name: 'repeated-group-clause',
        severity: 'error',
        summary: 'Group with more than one `primary`, `plan`, `auto-associate`, `budget` or `min-margin`',
        message: (clause: string) => `\`${clause}\` is given more than once in this group; a group has one`,
        explanation:
            'A billing group has exactly one primary account and one pricing plan, at most one monthly `budget` and ' +
            'one margin floor (`min-margin`); `auto-associate` is a switch.',
        wrong: `${ACCOUNTS}
${PLAN}
rule premium-markup { markup 12% }
plan premium { rules premium-markup }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  plan premium
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),
    overlappingMembership: issue({
        code: 'BIL065',
        name: 'overlapping-membership',
        severity: 'error',
        summary: 'Account in two groups (or twice in one) for overlapping periods',
        message: (account: string, where: string, overlap: string) =>
            `account ${account} is also a member of ${where} ${overlap}; an account belongs to at most one group per billing period`,
        explanation:
            'Billing groups are mutually exclusive: in any billing period an account belongs to at most one group. ' +
            'Give the memberships `from`/`until` ranges that do not overlap (`until` is exclusive), or remove one. ' +
            'The diagnostic is reported at both memberships.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}
group dev {
  primary web-dev
  accounts web-dev from 2026-03
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  accounts web-dev until 2026-03
  plan standard
}
group dev {
  primary web-dev
  accounts web-dev from 2026-03
  plan standard
}`,
    }),
    multipleAutoAssociate: issue({
        code: 'BIL066',
        name: 'multiple-auto-associate',
        severity: 'error',
        summary: 'More than one group with `auto-associate`',
        message: (other: string) =>
            `group ${q(other)} also has \`auto-associate\`; at most one group per policy receives unnamed accounts`,
        explanation:
            'Unnamed accounts go to the one `auto-associate` group; with two the destination would be ambiguous ' +
            '(ABC: `TOO_MANY_AUTO_ASSOCIATE_BILLING_GROUPS`). Reported at each `auto-associate`.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
  auto-associate
}
group dev {
  primary web-dev
  accounts web-dev
  plan standard
  auto-associate
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
  auto-associate
}
group dev {
  primary web-dev
  accounts web-dev
  plan standard
}`,
    }),
    tooManyAccounts: issue({
        code: 'BIL067',
        name: 'too-many-accounts',
        severity: 'error',
        summary: 'Group with more than 1,000 accounts in a billing period',
        message: (count: number) =>
            `group has ${formatCount(count)} member accounts in one billing period; ABC allows at most ${formatCount(Limits.accountsPerGroup)}`,
        explanation: 'ABC quota: a billing group has at most 1,000 accounts. Split the accounts over several groups.',
        wrong: 'group big {\n  primary 100000000000\n  accounts 100000000000, 100000000001, … 100000001000\n  plan standard\n}',
        right: 'group big {\n  primary 100000000000\n  accounts 100000000000, 100000000001, … 100000000999\n  plan standard\n}',
        sketch: true,
    }),

    negativeBudget: issue({
        code: 'BIL068',
        name: 'negative-budget',
        severity: 'error',
        summary: 'Negative `budget`',
        message: (value: string) => `budget must be 0 or more, got ${value}: it is the most the group's pro forma cost may be in a month`,
        explanation:
            'A group\'s `budget` is its monthly pro forma budget in the billing currency: `billing check --fail-on budget` ' +
            '(and `billing bill --fail-on budget`) reports every billing period whose pro forma cost exceeds it, and ' +
            'the editor shows the breach once data is loaded. A negative budget could never be met.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  budget -12000
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  budget 12000.00
}`,
    }),
    minMarginOutOfRange: issue({
        code: 'BIL069',
        name: 'min-margin-out-of-range',
        severity: 'error',
        summary: 'Margin floor outside -100% to 100% or with more than 2 decimals',
        message: (value: string) =>
            `min-margin must be from -100% to 100% with at most 2 decimals, got ${value}%`,
        explanation:
            'A margin floor is compared with the margin % of the report (margin ÷ pro forma cost × 100, rounded to 2 ' +
            'decimals), which never exceeds 100%. A negative floor tolerates a loss (a subsidised group); more than 2 ' +
            'decimals could not be told apart from the reported figure.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  min-margin 120%
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  min-margin 5%
}`,
    }),

    // ---- Billing periods -------------------------------------------------------------------------
    invalidPeriod: issue({
        code: 'BIL070',
        name: 'invalid-period',
        severity: 'error',
        summary: 'Billing period whose month is not 01–12',
        message: (period: string) => `invalid billing period ${q(period)}: expected YYYY-MM with a month from 01 to 12`,
        explanation: 'Billing periods are calendar months written `YYYY-MM`.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev from 2026-13
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev from 2026-12
  plan standard
}`,
    }),
    emptyPeriodRange: issue({
        code: 'BIL071',
        name: 'empty-period-range',
        severity: 'error',
        summary: 'Period range whose `until` is not after its `from`',
        message: (from: string, until: string) =>
            `empty period range: from ${from} until ${until} contains no billing period (\`until\` is exclusive and must be after \`from\`)`,
        explanation:
            '`from` is the first billing period included and `until` the first one excluded, so `from 2026-01 until ' +
            '2026-02` is January 2026 only and `until` must come after `from`.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee support flat 250 from 2026-07 until 2026-01
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee support flat 250 from 2026-01 until 2026-07
}`,
    }),

    // ---- Custom line items -----------------------------------------------------------------------
    percentageOfPercentage: issue({
        code: 'BIL080',
        name: 'percentage-of-percentage',
        severity: 'error',
        summary: 'Percentage line item based on another percentage line item',
        message: (base: string) =>
            `line item ${q(base)} is a percentage line item; only \`charges\` and flat line items can be a base`,
        explanation:
            'A percentage line item is a percentage of the group\'s charges and/or of flat line items. ABC rejects ' +
            'percentage-of-percentage (`ILLEGAL_CHILD_ASSOCIATE_RESOURCE`), which keeps the computation order ' +
            '(flat, then percentage) well defined.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee tax 8% of charges
  fee handling 1% of tax
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee tax 8% of charges
  fee handling 1% of charges
}`,
    }),
    selfReferencingLineItem: issue({
        code: 'BIL081',
        name: 'self-referencing-line-item',
        severity: 'error',
        summary: 'Percentage line item that is its own base',
        message: (item: string) => `line item ${q(item)} cannot be a percentage of itself`,
        explanation: 'The amount of a line item cannot depend on itself.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee security 2% of charges, security
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee security 2% of charges
}`,
    }),
    duplicateBase: issue({
        code: 'BIL082',
        name: 'duplicate-base',
        severity: 'error',
        summary: 'Percentage line item that names a base twice',
        message: (base: string) => `${base} is listed more than once as a base; each base counts once`,
        explanation: 'Each base (`charges` or a flat line item) is associated with a percentage line item at most once.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee security 2% of charges, charges
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee security 2% of charges
}`,
    }),
    tooManyBases: issue({
        code: 'BIL083',
        name: 'too-many-bases',
        severity: 'error',
        summary: 'Percentage line item with more than 100 bases',
        message: (count: number) => `line item has ${count} bases; ABC allows at most ${Limits.basesPerLineItem} per percentage line item`,
        explanation: 'ABC quota: a percentage custom line item is associated with at most 100 resources.',
        wrong: 'fee overhead 2% of charges, f1, f2, … f100',
        right: 'fee overhead 2% of charges, f1, f2, … f99',
        sketch: true,
    }),
    flatAmountOutOfRange: issue({
        code: 'BIL084',
        name: 'flat-amount-out-of-range',
        severity: 'error',
        summary: 'Flat amount below 0 or above 1,000,000',
        message: (value: string) =>
            `flat amount must be from 0 to ${formatCount(Limits.maxFlatAmount)}, got ${value}${value.startsWith('-') ? '; use `credit` to subtract' : ''}`,
        explanation:
            'ABC flat charges are 0–1,000,000 (USD). Amounts are never negative: `credit` subtracts, `fee` adds.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee migration flat -500
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  credit migration flat 500
}`,
    }),
    percentageOutOfRange: issue({
        code: 'BIL085',
        name: 'percentage-out-of-range',
        severity: 'error',
        summary: 'Line item percentage below 0% or above 10,000%',
        message: (value: string) =>
            `line item percentage must be from 0% to ${formatCount(Limits.maxPercentage)}%, got ${value}%${value.startsWith('-') ? '; use `credit` to subtract' : ''}`,
        explanation:
            'ABC percentage charges are 0–10,000 %. Percentages are never negative: `credit` subtracts, `fee` adds.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee migration -5% of charges
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  credit migration 5% of charges
}`,
    }),
    multipleFilters: issue({
        code: 'BIL086',
        name: 'multiple-filters',
        severity: 'error',
        summary: 'Line item with more than one filter',
        message: (first: string, second: string) =>
            `a line item has at most one filter, found \`${first}\` and \`${second}\`; split it into two line items`,
        explanation:
            'ABC accepts at most one line item filter per custom line item: either `exclude savings-plan-negation` or ' +
            'one `service` filter.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee ops 2% of charges exclude savings-plan-negation service = AmazonEC2
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee ops 2% of charges exclude savings-plan-negation
}`,
    }),
    repeatedLineItemOption: issue({
        code: 'BIL087',
        name: 'repeated-line-item-option',
        severity: 'error',
        summary: 'Line item option given twice',
        message: (option: string) => `\`${option}\` is given more than once for this line item`,
        explanation:
            'Each option (`account`, `itemized`, `presented-as`, `from`, `until`, `exclude savings-plan-negation`, ' +
            '`service`) is given at most once per line item. A service filter lists several services after one ' +
            '`service =`.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee support flat 250 account web-dev account web-prod
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee support flat 250 account web-dev
}`,
    }),
    percentageOnlyOption: issue({
        code: 'BIL088',
        name: 'percentage-only-option',
        severity: 'error',
        summary: '`itemized` or a filter on a flat line item',
        message: (option: string) =>
            `\`${option}\` applies to percentage line items only; this one is a flat amount`,
        explanation:
            '`itemized` spreads a percentage line item over the line items it is computed from, and filters restrict ' +
            'the base a percentage is taken of; a flat amount has neither.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee platform flat 500 itemized
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee platform 3% of charges itemized
}`,
    }),
    invalidServiceFilter: issue({
        code: 'BIL089',
        name: 'invalid-service-filter',
        severity: 'error',
        summary: 'Service filter with a repeated service or several excluded services',
        message: (problem: string) => `invalid service filter: ${problem}`,
        explanation:
            '`service = A, B` keeps only charges of the listed services in the base; `service != A` leaves one ' +
            'service out. Each service is listed once, and `!=` takes exactly one service.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee ops 2% of charges service != AmazonEC2, AmazonRDS
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee ops 2% of charges service != AmazonEC2
}`,
    }),
    allocatedAccountNotMember: issue({
        code: 'BIL090',
        name: 'allocated-account-not-member',
        severity: 'error',
        summary: 'Line item allocated to an account outside its group',
        message: (account: string, group: string) =>
            `line item is allocated to account ${account}, which is not a member of group ${q(group)}`,
        explanation:
            'A custom line item is posted to a member account of its group (by default the primary). Allocate it to ' +
            'an account listed in the group\'s `accounts`.',
        wrong: `${ACCOUNTS}
account 333333333333 "data-prod"
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee support flat 250 account data-prod
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  fee support flat 250 account web-dev
}`,
    }),
    tooManyFilteredLineItems: issue({
        code: 'BIL091',
        name: 'too-many-filtered-line-items',
        severity: 'error',
        summary: 'Group with more than 10 line items that have a filter',
        message: (count: number) =>
            `group has ${count} line items with a filter; ABC allows at most ${Limits.filteredLineItemsPerGroup} per group`,
        explanation: 'ABC quota: at most 10 custom line items with line item filters per billing group.',
        wrong: 'group web {\n  …\n  fee f1 1% of charges exclude savings-plan-negation\n  …\n  fee f11 1% of charges exclude savings-plan-negation\n}',
        right: 'group web {\n  …\n  fee f1 1% of charges exclude savings-plan-negation\n  …\n  fee f10 1% of charges exclude savings-plan-negation\n}',
        sketch: true,
    }),
    tooManyItemizedLineItems: issue({
        code: 'BIL092',
        name: 'too-many-itemized-line-items',
        severity: 'error',
        summary: 'Group with more than 5 itemized line items',
        message: (count: number) =>
            `group has ${count} itemized line items; ABC allows at most ${Limits.itemizedLineItemsPerGroup} per group`,
        explanation: 'ABC quota: at most 5 ITEMIZED custom line items per billing group.',
        wrong: 'group web {\n  …\n  fee f1 1% of charges itemized\n  …\n  fee f6 1% of charges itemized\n}',
        right: 'group web {\n  …\n  fee f1 1% of charges itemized\n  …\n  fee f5 1% of charges itemized\n}',
        sketch: true,
    }),
    controlCharacter: issue({
        code: 'BIL093',
        name: 'control-character',
        severity: 'error',
        summary: 'Control character in a string',
        message: (character: string) =>
            `string contains the control character ${character}; names, descriptions, codes and paths are one line of printable text`,
        explanation:
            'A string (an account name, a description, a service code, a path) holds a control character: a line ' +
            'break, a tab, an ANSI terminal escape, or another C0/C1 control. Printed in a CI log or a terminal, such ' +
            'a name could forge a line (a GitHub Actions `::error` workflow command) or recolour and hide output, so ' +
            'the language rejects it. Write the text on one line without control characters.',
        wrong: 'account 111111111111 "web-prod\\n::error::all checks passed"',
        right: 'account 111111111111 "web-prod"',
        sketch: true,
    }),
    numberTooLarge: issue({
        code: 'BIL094',
        name: 'number-too-large',
        severity: 'error',
        summary: 'Number with more digits than a bill amount can have',
        message: (integerDigits: number, decimals: number) =>
            `number has ${formatCount(integerDigits)} digit${integerDigits === 1 ? '' : 's'} before the point and ${formatCount(decimals)} after; ` +
            `at most ${Limits.numberIntegerDigits} before (below 10^${Limits.numberIntegerDigits}) and ${Limits.numberDecimals} after are allowed`,
        explanation:
            'Every number of a policy (amounts, percentages, budgets, tiers, margin floors) has the range of the ' +
            `amounts the ingest accepts: at most ${Limits.numberIntegerDigits} digits before the decimal point and ` +
            `${Limits.numberDecimals} after. Longer numbers are no bill figure, and pricing with them would only ` +
            'exhaust time and memory.',
        wrong: 'rule markup-7 { markup 7.00000000000000000000000000000000000000001% }',
        right: 'rule markup-7 { markup 7% }',
    }),
    bidiControl: issue({
        code: 'BIL095',
        name: 'bidi-control-character',
        severity: 'warning',
        summary: 'Bidirectional control character outside a string (Trojan Source)',
        message: (character: string) =>
            `bidirectional control character ${character} outside a string: it can make the text display in another order than it is read`,
        explanation:
            'Unicode bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) in a comment or between ' +
            'tokens reorder how editors and code review show the line, so a reviewer can read something other than ' +
            'what the language parses (a `discount 100%` rule hidden in what looks like a comment; CVE-2021-42574, ' +
            '"Trojan Source"). Compilers warn on them; so does this language. Delete the character.',
        wrong: 'rule markup-7 { markup 7% } // \u202e note',
        right: 'rule markup-7 { markup 7% } // note',
        sketch: true,
    }),
    // ---- Data-aware checks (editor, once billing data is loaded; the `data` validation category) --------
    builtInPlanDeclared: issue({
        code: 'BIL096',
        name: 'built-in-plan-declared',
        severity: 'error',
        summary: 'A plan declared under the name of one of ABC\'s AWS-managed plans',
        message: (name: string) => `\`${name}\` is one of ABC's AWS-managed pricing plans: groups use it by name without declaring it; give this plan another name`,
        explanation:
            'AWS Billing Conductor provides two AWS-managed pricing plans that every payer can use without creating them: ' +
            '`BasicPricingPlan` (public on-demand rates, no rules) and `Passthrough` (the billable figures unchanged, for ' +
            'billing-transfer groups). A group writes `plan BasicPricingPlan` or `plan Passthrough` and nothing declares them. ' +
            'A declared plan of the same name would silently change what those words mean.',
        wrong: `${ACCOUNTS}
rule standard-markup { markup 7% }
plan BasicPricingPlan { rules standard-markup }
group web {
  primary web-prod
  accounts web-prod
  plan BasicPricingPlan
}`,
        right: `${ACCOUNTS}
rule standard-markup { markup 7% }
plan standard { rules standard-markup }
group web {
  primary web-prod
  accounts web-prod
  plan standard
}`,
    }),
    passthroughNeedsTransfer: issue({
        code: 'BIL097',
        name: 'passthrough-needs-transfer',
        severity: 'error',
        summary: '`plan Passthrough` on a group that is not a billing-transfer group',
        message: (group: string) => `group ${q(group)} uses the Passthrough plan, which ABC allows only for billing-transfer groups: add \`transfer "<ResponsibilityTransferArn>"\` or use another plan (e.g. \`plan BasicPricingPlan\`)`,
        explanation:
            'ABC\'s AWS-managed `Passthrough` plan passes the billable data through unchanged (credits, discounts and tax as ' +
            'billed). ABC accepts it only on billing groups of type TRANSFER_BILLING, the groups that receive the bill another ' +
            'organization transfers to this payer (`transfer "arn:…"`).',
        wrong: `${ACCOUNTS}
group web {
  primary web-prod
  accounts web-prod
  plan Passthrough
}`,
        right: `${ACCOUNTS}
group web {
  primary web-prod
  accounts web-prod
  plan BasicPricingPlan
}`,
    }),
    invalidTransferArn: issue({
        code: 'BIL098',
        name: 'invalid-transfer-arn',
        severity: 'error',
        summary: 'A `transfer` that is not a billing responsibility transfer ARN',
        message: (arn: string) =>
            `${q(arn)} is not a billing transfer ARN: expected arn:aws:organizations::<12-digit account>:transfer/o-<organization id>/billing/(inbound|outbound)/rt-<transfer id>`,
        explanation:
            'A billing-transfer group names the transfer it receives by ABC\'s `ResponsibilityTransferArn`, whose pattern is ' +
            '`arn:[a-z0-9][a-z0-9-.]{0,62}:organizations::\\d{12}:transfer/o-[a-z0-9]{10,32}/(billing)/(inbound|outbound)/rt-[0-9a-z]{8,32}` ' +
            '(ABC API reference, AccountGrouping). The ARN is shown by AWS Organizations on the billing transfer\'s page.',
        wrong: `${ACCOUNTS}
group customer-a {
  transfer "rt-12345678"
  accounts web-prod
  plan Passthrough
}`,
        right: `${ACCOUNTS}
group customer-a {
  transfer "arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678"
  accounts web-prod
  plan Passthrough
}`,
    }),
    repeatedTransfer: issue({
        code: 'BIL099',
        name: 'repeated-transfer',
        severity: 'error',
        summary: 'Two billing-transfer groups for one billing transfer',
        message: (arn: string, other: string) => `billing transfer ${q(arn)} already has group ${q(other)}: ABC maps one billing group to one billing transfer`,
        explanation:
            'A billing-transfer group maps one-to-one to the organization that transfers its bill: all of that ' +
            'organization\'s accounts are in the one group (ABC: one billing group per bill-source account). Put every ' +
            'account of the transfer in one group.',
        wrong: `${ACCOUNTS}
group customer-a {
  transfer "arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678"
  accounts web-prod
  plan Passthrough
}
group customer-a-dev {
  transfer "arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678"
  accounts web-dev
  plan Passthrough
}`,
        right: `${ACCOUNTS}
group customer-a {
  transfer "arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678"
  accounts web-prod, web-dev
  plan Passthrough
}`,
    }),
    accountNotInData: issue({
        code: 'BIL100',
        name: 'account-not-in-data',
        severity: 'info',
        summary: 'Account that never appears in the loaded billing data',
        message: (account: string, source: string) =>
            `account ${account} has no line item in the loaded data (${source}): check the id, or the data is from before the account existed`,
        explanation:
            'No line item of the loaded CUR / FOCUS data has this usage account, in any period. A mistyped id ' +
            'prices nothing and leaves the real account unassigned. Reported at the declaration (or at an id ' +
            'written directly in a group) when the data comes from the settings or the policy\'s `data`, not ' +
            'from the bundled sample.',
        wrong: `account 111111111111 "web-prod"
account 222222222223 "web-dev"
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
        right: `account 111111111111 "web-prod"
account 222222222222 "web-dev"
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
        dataContext: 'usage of accounts 111111111111 and 222222222222 only.',
    }),
    serviceNotInData: issue({
        code: 'BIL101',
        name: 'service-not-in-data',
        severity: 'warning',
        summary: 'Service code that never appears in the loaded billing data',
        message: (service: string, source: string, suggestion: string | undefined) =>
            `service ${q(service)} has no line item in the loaded data (${source})` +
            (suggestion ? `; did you mean ${q(suggestion)}?` : ': service codes are the CUR `product code`, e.g. AmazonEC2'),
        explanation:
            'A rule or a line item filter names a service code (`lineItem/ProductCode`) that no line item of the ' +
            'loaded data has. Service codes are case-sensitive product codes such as `AmazonEC2`, `AmazonS3`, ' +
            '`AWSLambda`, not the display names. A quick fix replaces the code with the closest one in the data.',
        wrong: `rule ec2-discount { discount 10% service AmazonEc2 }
plan standard { rules ec2-discount }`,
        right: `rule ec2-discount { discount 10% service AmazonEC2 }
plan standard { rules ec2-discount }`,
        dataContext: 'usage of services AmazonEC2 and AmazonS3.',
    }),
    usageTypeNotInData: issue({
        code: 'BIL102',
        name: 'usage-type-not-in-data',
        severity: 'warning',
        summary: 'Usage type that never appears in the loaded billing data',
        message: (usageType: string, source: string, suggestion: string | undefined) =>
            `usage type ${q(usageType)} has no line item in the loaded data (${source})` +
            (suggestion ? `; did you mean ${q(suggestion)}?` : ''),
        explanation:
            'A SKU rule names a usage type (`lineItem/UsageType`) that no line item of the loaded data has, so the ' +
            'rule prices nothing. Usage types carry a region prefix (`USE1-BoxUsage:m5.large`). A quick fix ' +
            'replaces it with the closest usage type of the rule\'s service in the data.',
        wrong: `rule m5 { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.larg" }
plan standard { rules m5 }`,
        right: `rule m5 { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }
plan standard { rules m5 }`,
        dataContext: 'AmazonEC2 usage of type `USE1-BoxUsage:m5.large` with operation `RunInstances`.',
    }),
    operationNotInData: issue({
        code: 'BIL103',
        name: 'operation-not-in-data',
        severity: 'warning',
        summary: 'Operation that never appears in the loaded billing data',
        message: (operation: string, source: string, suggestion: string | undefined) =>
            `operation ${q(operation)} has no line item in the loaded data (${source})` +
            (suggestion ? `; did you mean ${q(suggestion)}?` : ''),
        explanation:
            'A SKU rule names an operation (`lineItem/Operation`) that no line item of the loaded data has, so the ' +
            'rule prices nothing. A quick fix replaces it with the closest operation of the rule\'s service in the data.',
        wrong: `rule m5 { discount 12% service AmazonEC2 operation "RunInstance" }
plan standard { rules m5 }`,
        right: `rule m5 { discount 12% service AmazonEC2 operation "RunInstances" }
plan standard { rules m5 }`,
        dataContext: 'AmazonEC2 usage of type `USE1-BoxUsage:m5.large` with operation `RunInstances`.',
    }),
    billingEntityNotInData: issue({
        code: 'BIL104',
        name: 'billing-entity-not-in-data',
        severity: 'info',
        summary: 'Billing entity that never appears in the loaded billing data',
        message: (entity: string, source: string) =>
            `billing entity ${q(entity)} has no line item in the loaded data (${source}): this rule prices nothing for now`,
        explanation:
            'A billing-entity rule applies to line items sold by that entity (`bill/BillingEntity`). The loaded data ' +
            'has none, for example no AWS Marketplace purchases yet: the rule is harmless but prices nothing.',
        wrong: `rule marketplace-at-cost { markup 0% billing-entity "AWS Marketplace" }
plan standard { rules marketplace-at-cost }`,
        right: `rule aws-markup { markup 3% billing-entity AWS }
plan standard { rules aws-markup }`,
        dataContext: 'line items sold by `AWS` only.',
    }),
    ruleMatchesNothing: issue({
        code: 'BIL105',
        name: 'rule-matches-nothing',
        severity: 'warning',
        summary: 'Rule whose service, usage type and operation never occur together in the loaded data',
        message: (rule: string, scope: string, source: string) =>
            `rule ${q(rule)} matches no line item of the loaded data (${source}): no line item has ${scope}`,
        explanation:
            'Each field of the rule exists in the data, but never in this combination (for example a usage type of ' +
            'another service, or an operation that usage type is never billed with), so the rule prices nothing.',
        wrong: `rule s3-box { discount 12% service AmazonS3 usage-type "USE1-BoxUsage:m5.large" }
plan standard { rules s3-box }`,
        right: `rule ec2-box { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }
plan standard { rules ec2-box }`,
        dataContext: 'AmazonEC2 usage of type `USE1-BoxUsage:m5.large`, and AmazonS3 usage of other types.',
    }),
    groupWithoutUsage: issue({
        code: 'BIL106',
        name: 'group-without-usage',
        severity: 'info',
        summary: 'Billing group with no usage in the selected period',
        message: (group: string, period: string) =>
            `group ${q(group)} has no usage in ${period}: none of its accounts has a line item in that period`,
        explanation:
            'None of the group\'s accounts (as members in that period) has a line item in the period the editor ' +
            'shows. Its pro forma bill is only its custom line items. Check the account ids and the membership ' +
            'periods (`from` / `until`), or pick another period.',
        wrong: `account 111111111111 "web-prod"
account 333333333333 "data-prod"
${PLAN}
group data {
  primary data-prod
  accounts data-prod
  plan standard
}`,
        right: `account 111111111111 "web-prod"
account 333333333333 "data-prod"
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  plan standard
}`,
        dataContext: 'usage of account 111111111111 only, in the selected period.',
    }),
    budgetExceeded: issue({
        code: 'BIL107',
        name: 'budget-exceeded',
        severity: 'warning',
        summary: 'Group whose pro forma cost exceeds its monthly budget in the selected period',
        message: (group: string, period: string, proformaCost: string, budget: string, over: string) =>
            `group ${q(group)} is over budget in ${period}: pro forma cost ${proformaCost} exceeds the budget of ${budget} by ${over}`,
        explanation:
            'With the loaded data, the group\'s pro forma cost (repriced charges plus custom line items) in the period ' +
            'the editor shows is more than its `budget`. `billing check --fail-on budget` fails CI on the same ' +
            'breach. Raise the budget, or find what grew (the bill preview shows the detail by service and account).',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  budget 100
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  budget 1000
}`,
        dataContext: 'usage of 200.00 (public on-demand) by account 111111111111 in the selected period: pro forma cost 214.00.',
    }),
    marginBelowFloor: issue({
        code: 'BIL108',
        name: 'margin-below-floor',
        severity: 'warning',
        summary: 'Group whose margin % is below its floor in the selected period',
        message: (group: string, period: string, margin: string, floor: string, from: string) =>
            `group ${q(group)} is below its margin floor in ${period}: margin ${margin} is under the floor of ${floor}%${from}`,
        explanation:
            'With the loaded data, the group\'s margin % (margin ÷ pro forma cost × 100, as the report rounds it) in the ' +
            'period the editor shows is below its `min-margin`, or below its plan\'s when the group sets none. ' +
            '`billing check --fail-on margin` fails CI on the same breach. A group billed nothing while its accounts ' +
            'cost something is below any floor.',
        wrong: `${ACCOUNTS}
rule at-cost { markup 0% }
plan standard { rules at-cost }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  min-margin 5%
}`,
        right: `${ACCOUNTS}
rule markup-7 { markup 7% }
plan standard { rules markup-7 }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  min-margin 5%
}`,
        dataContext: 'usage of 200.00 (public and billed) by account 111111111111 in the selected period.',
    }),
    closedThroughRepeated: issue({
        code: 'BIL109',
        name: 'closed-through-repeated',
        severity: 'error',
        summary: 'A second `closed through` statement',
        message: (first: string) => `the policy already says \`closed through ${first}\`: one statement says which periods are closed`,
        explanation:
            'A policy closes its billing periods with one `closed through YYYY-MM` statement, moved forward when a month ' +
            'is closed (docs/closing-a-month.md). Two statements would leave it unclear which periods `billing check` ' +
            'must keep as billed. Keep the later period and remove the other statement.',
        wrong: `${ACCOUNTS}
${PLAN}
closed through 2026-02
closed through 2026-03
group web {
  primary web-prod
  accounts web-prod
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
closed through 2026-03
group web {
  primary web-prod
  accounts web-prod
  plan standard
}`,
    }),
    closedPeriodChanged: issue({
        code: 'BIL110',
        name: 'closed-period-changed',
        severity: 'error',
        summary: 'An edit that would change what a closed billing period billed',
        message: (change: string) => `${change}; a closed period stays as billed (docs/closing-a-month.md)`,
        explanation:
            'The policy says `closed through YYYY-MM`, and the lock file next to it (`billing.lock.json`, written by ' +
            '`billing close`) records what each closed period billed. With the loaded data, the policy as edited would ' +
            'bill the period the editor shows differently: a rate, a fee or a membership that reaches back into a closed ' +
            'month. Date the change (`from` the first open period), or post a correction in an open period ' +
            '(`billing bill --corrections`). `billing check` fails on the same change in CI. Shown at the statement whose ' +
            'edit changes the period — the rule, the plan or the group (from the lock\'s digest of each; at the group for ' +
            'a lock file written without them) — at the `data` statement when only the data changed, or at `closed through` ' +
            'for a closed period the lock file does not record.',
        wrong: `${ACCOUNTS}
${PLAN}
closed through 2026-03   // billing.lock.json: web billed 214.00 in 2026-03
group web {
  primary web-prod
  accounts web-prod
  plan standard
  fee desk flat 5
}`,
        right: `${ACCOUNTS}
${PLAN}
closed through 2026-03
group web {
  primary web-prod
  accounts web-prod
  plan standard
  fee desk flat 5 from 2026-04
}`,
        sketch: true,
        dataContext: 'a lock file recording 2026-03 as billed without the fee, and data for 2026-03.',
    }),
    primaryNotMemberInPeriod: issue({
        code: 'BIL111',
        name: 'primary-not-member-in-period',
        severity: 'error',
        summary: 'Primary account that is not a member in some period of the group\'s life',
        message: (account: string, group: string, when: string) =>
            `primary account ${account} is not a member of group ${q(group)} ${when}, while other accounts are: give the primary's membership a range that covers every period of the group`,
        explanation:
            'A billing group cannot lose its primary account while it has members (ABC: `PRIMARY_CANNOT_DISASSOCIATE`). ' +
            'In every billing period in which some account is a member of the group, the primary must be one too; ' +
            'otherwise the group has no primary account in that period.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod until 2026-03
  accounts web-dev
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod
  accounts web-dev
  plan standard
}`,
    }),
    importUnreadable: issue({
        code: 'BIL112',
        name: 'import-unreadable',
        severity: 'error',
        summary: 'Import of a file that exists but cannot be read',
        message: (path: string, resolved: string, reason: string) => `cannot import ${q(path)}: ${q(resolved)} exists but cannot be read (${reason})`,
        explanation:
            'The imported file is there but reading it failed (no read permission, an I/O error). Its accounts, rules, ' +
            'plans and groups would silently be missing from the bill, so the import is an error until the file can be read.',
        wrong: 'import "accounts.billing" // accounts.billing is mode 000',
        right: '// chmod a+r accounts.billing\nimport "accounts.billing"',
        sketch: true,
    }),
    importNotPolicy: issue({
        code: 'BIL113',
        name: 'import-not-policy',
        severity: 'error',
        summary: 'Import of a file that is not a .billing policy',
        message: (path: string, what: string) => `cannot import ${q(path)}: ${what}`,
        explanation:
            'Only `.billing` files are policies: anything else named by `import` (a note, a CUR or FOCUS export, a YAML ' +
            'file) is never loaded, so whatever the author meant it to bring would silently be missing from the bill. ' +
            'Billing data is named by a `data` statement (or `--data`), not imported.',
        wrong: 'import "cur/2026-03.csv"',
        right: 'data "cur/2026-03.csv"',
        sketch: true,
    }),
    // ---- Effective-dated pricing (issue 16) -------------------------------------------------------
    overlappingVersions: issue({
        code: 'BIL114',
        name: 'overlapping-versions',
        severity: 'error',
        summary: 'Two versions of one dated value in force in the same period',
        message: (what: string, overlap: string) =>
            `${what} has another version in force ${overlap}; versions of one value may not overlap (\`until\` is exclusive)`,
        explanation:
            'A rule\'s modifier, a group\'s `plan`, `budget` or `min-margin` and a plan\'s `min-margin` can change at a billing ' +
            'period: each dated clause (`from` inclusive, `until` exclusive, as memberships) is one version, and exactly one ' +
            'may be in force in a period. An undated clause is in force in every period, so it overlaps any other version. ' +
            'End the earlier version where the next one starts (`until 2026-04` / `from 2026-04`). Reported at both versions.',
        wrong: `rule standard-markup {
  markup 7%
  markup 6% from 2026-04
}`,
        right: `rule standard-markup {
  markup 7% until 2026-04
  markup 6% from 2026-04
}`,
    }),
    gapBetweenVersions: issue({
        code: 'BIL115',
        name: 'gap-between-versions',
        severity: 'error',
        summary: 'Periods between two versions of one dated value that no version covers',
        message: (what: string, gap: string) =>
            `${what} has no version ${gap}, between two of its versions; the next version must start where the previous one ends`,
        explanation:
            'Versions of one value follow each other: the `until` of one is the `from` of the next. A gap would leave the ' +
            'periods in between without the rule, plan, budget or floor, which is almost always a typo in one of the two ' +
            'periods. Reported at both versions. To stop a value for a while, end it (`until`) and start a new one later ' +
            'under another name, or say what applies in between.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  budget 12000 until 2026-03
  budget 15000 from 2026-04
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
  budget 12000 until 2026-04
  budget 15000 from 2026-04
}`,
    }),
    planNotInForce: issue({
        code: 'BIL116',
        name: 'plan-not-in-force',
        severity: 'error',
        summary: 'Dated plans of a group leave periods with members but no plan',
        message: (group: string, periods: string) =>
            `group ${q(group)} has members but no plan ${periods}; its dated \`plan\` clauses must cover every period it has members`,
        explanation:
            'A group is priced by exactly one plan in each period it has members. When its `plan` is dated, the versions must ' +
            'cover the group\'s life: the periods of its `accounts` ranges (every period when a membership, the primary or ' +
            '`auto-associate` is undated). Start the first version without `from` (or at the first membership\'s `from`) and ' +
            'end the last one without `until`.',
        wrong: `${ACCOUNTS}
rule standard-markup { markup 7% }
rule premium-markup { markup 9% }
plan standard { rules standard-markup }
plan premium { rules premium-markup }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan premium from 2026-04
}`,
        right: `${ACCOUNTS}
rule standard-markup { markup 7% }
rule premium-markup { markup 9% }
plan standard { rules standard-markup }
plan premium { rules premium-markup }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard until 2026-04
  plan premium from 2026-04
}`,
    }),
    versionOutsideGroupLife: issue({
        code: 'BIL117',
        name: 'version-outside-group-life',
        severity: 'warning',
        summary: 'Dated version of a group\'s plan, budget or floor in periods the group has no members',
        message: (keyword: string, group: string, range: string, life: string) =>
            `this \`${keyword}\` version (${range}) is never in force: group ${q(group)} has members only ${life}`,
        explanation:
            'Every membership of the group is dated, and this version lies entirely outside them: it can never price, check ' +
            'or limit anything. Usually one of its periods is a typo, or the memberships were meant to go on.',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev from 2026-01 until 2027-01
  plan standard
  budget 12000 until 2027-01
  budget 15000 from 2027-01
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev from 2026-01 until 2027-01
  plan standard
  budget 12000 until 2026-07
  budget 15000 from 2026-07
}`,
    }),
    mixedRuleVersions: issue({
        code: 'BIL118',
        name: 'mixed-rule-versions',
        severity: 'error',
        summary: 'Dated versions of a rule mixing tiering with markup or discount',
        message: (rule: string) =>
            `rule ${q(rule)} has tiering and markup/discount versions; a rule stays one kind over time (declare a second rule for the other kind and list each in the plan for its periods)`,
        explanation:
            'The versions of a rule change its figure (`markup 7% until 2026-04`, `discount 3% from 2026-04`), not what kind of ' +
            'rule it is: tiering rules have their own scopes and `tier` lines. To switch from a markup to a tiering rule at a ' +
            'period, declare two rules and date the plan\'s `rules` lines instead.',
        wrong: `rule standard {
  markup 7% until 2026-04
  tiering free-tier off from 2026-04
}`,
        right: `rule standard { markup 7% }
rule no-free-tier { tiering free-tier off }
plan standard {
  rules standard until 2026-04
  rules no-free-tier from 2026-04
}`,
    }),
    // ---- Safe on untrusted pull requests (issue 18) --------------------------------------------------
    outsideBoundary: issue({
        code: 'BIL123',
        name: 'outside-boundary',
        severity: 'error',
        summary: 'Import or billing.json entry whose real path lies outside the workspace or repository',
        message: (path: string, real: string, scope: string) =>
            `cannot import ${q(path)}: it resolves to ${q(real)}, outside the ${scope}, so it is not read`,
        explanation:
            'Policy text is read only from inside the workspace folders (in the editor) or the repository of the policy ' +
            'file (`billing` commands: the nearest folder above it holding `.git`, else its own folder). An `import`, a ' +
            '`billing.json` entry or a `.billing` file found by a scan whose real path (symlinks followed) lies outside is ' +
            'never opened, so a pull request cannot make CI or the editor echo a credentials file in its diagnostics. ' +
            'Move or copy the file into the repository. A file named explicitly on the command line is read from its own ' +
            'repository; only a symlink leaving it is refused.',
        wrong: 'import "../../shared/accounts.billing" // above the repository root',
        right: 'import "shared/accounts.billing"',
        sketch: true,
    }),
    ignoreWithoutReason: issue({
        code: 'BIL126',
        name: 'ignore-without-reason',
        severity: 'warning',
        summary: '`// billing-ignore` comment without a reason',
        message: (codes: string) => `billing-ignore ${codes} needs a reason after the code (\`// billing-ignore ${codes} why it is fine\`): it silences nothing without one`,
        explanation:
            'A `// billing-ignore BIL… reason` comment silences the named warnings or infos on its own line and on the ' +
            'next line, in the editor and in `billing validate` alike. The reason is required: whoever reads the policy ' +
            'later (or reviews a pull request) must see why the finding does not apply. Without one the comment silences ' +
            'nothing.',
        wrong: `${ACCOUNTS}
${PLAN}
// billing-ignore BIL014
account 333333333333 "sandbox"
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
// billing-ignore BIL014 sandbox costs are absorbed by the platform team, billed to nobody
account 333333333333 "sandbox"
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),
    unusedIgnore: issue({
        code: 'BIL127',
        name: 'unused-ignore',
        severity: 'warning',
        summary: '`// billing-ignore` comment that silences nothing',
        message: (code: string, why: string) => `billing-ignore ${code} silences nothing: ${why}`,
        explanation:
            'The comment names a code that no diagnostic of its line or of the next line has (the finding was fixed, ' +
            'the comment moved, or the code is mistyped), or the code of an error: errors cannot be silenced, because ' +
            'a policy with errors cannot be billed. Remove the comment, or move it to the line before the finding. ' +
            'Data-aware codes (BIL100 on) are judged only where data is loaded (the editor with your data, ' +
            '`billing validate --data`).',
        wrong: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  // billing-ignore BIL014 web-dev is billed by hand
  accounts web-prod, web-dev
  plan standard
}`,
        right: `${ACCOUNTS}
${PLAN}
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}`,
    }),
} as const;

/** Values of the CUR `bill_billing_entity` column. */
export const KNOWN_BILLING_ENTITIES: readonly string[] = ['AWS', 'AWS Marketplace', 'AISPL'];

export type IssueKey = keyof typeof Issues;

/** Every catalogue entry, in catalogue order. */
export const allIssues: readonly AnyIssue[] = Object.values(Issues) as readonly AnyIssue[];

/** The entry with this code, if any. */
export function issueByCode(code: string): AnyIssue | undefined {
    return allIssues.find(entry => entry.code === code);
}

function describeDigits(got: string): string {
    if (!/^[0-9]+$/.test(got)) return 'only digits are allowed';
    return `${got.length} digit${got.length === 1 ? '' : 's'}`;
}
