import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

/**
 * Generators of `.billing` text for the fuzzing of the language path: structured policies (mostly
 * valid, written with random layout, comments and line endings), token soup, raw strings, and seed
 * texts (the examples, the server fixture, structured policies) broken by random mutations. The
 * account ids, services and usage types overlap the server fixture's data, so that pricing, lenses
 * and data checks have figures to work on.
 */

const ACCOUNT_IDS = ['111111111111', '222222222222', '333333333333', '444444444444', '999999999999', '123456789012', '12345', '0'];
const SERVICES = ['AmazonEC2', 'AmazonS3', 'AmazonRDS', 'AWSSupportBusiness', '"AWS Marketplace"', 'AmazonEc2', '""', "'AmazonS3'"];
const USAGE_TYPES = ['"USE1-BoxUsage:m5.large"', '"USE1-TimedStorage-ByteHrs"', 'BoxUsage', '"USE1-InstanceUsage:db.r5.large"'];
const OPERATIONS = ['RunInstances', '"CreateDBInstance:0002"', 'StandardStorage', '""'];
const ENTITIES = ['AWS', '"AWS Marketplace"', 'AISPL'];
const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-06', '2025-12', '2026-13', '0000-00'];
const NUMBERS = ['0', '1', '7', '10', '12.5', '100', '150', '-5', '0.000001', '99999999999999999999', '500.00', '1e3', '007'];
/** Names: identifiers and the keywords the grammar also accepts as names. */
const NAMES = ['web', 'data', 'standard', 'markup-5', 'ec2', 'r1', 'p1', 'g1', 'platform', 'security', 'service', 'tier', 'from', 'of', 'budget', 'x.y@z+1', '_'];
const DESCRIPTIONS = ['"Web business unit"', "'single quoted'", '"with \\"escapes\\""', '""', '"ünïcødé €"', '"multi\nline"'];

/** Every terminal and keyword of the grammar, plus characters it does not know. */
export const TOKENS = [
    'import', 'payer', 'account', 'data', 'rule', 'plan', 'group', 'rules', 'primary', 'accounts', 'from', 'until', 'auto-associate',
    'budget', 'min-margin', 'markup', 'discount', 'tiering', 'free-tier', 'on', 'off', 'tier', 'to', 'at', 'service', 'billing-entity',
    'usage-type', 'operation', 'fee', 'credit', 'flat', 'of', 'charges', 'exclude', 'savings-plan-negation', 'itemized', 'presented-as',
    '{', '}', ',', '%', '=', '!=', '"', "'", '/*', '*/', '//', '\\', ';', ':', '(', ')', '#', '\u0000', '\uFEFF', '\u00A0', '\r', '\n', '\r\n', '\t',
    '𝔘', '💸', '-', '.', '..', '\ud800', '"\udd37"', '\udfff\ud800',
    ...ACCOUNT_IDS, ...SERVICES, ...PERIODS, ...NUMBERS, ...NAMES.slice(0, 8), '"shared/accounts.billing"', '"missing.billing"', '"."',
];

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
const maybe = (arb: fc.Arbitrary<string>, probability = 0.4): fc.Arbitrary<string> =>
    fc.oneof({ weight: Math.round((1 - probability) * 10), arbitrary: fc.constant('') }, { weight: Math.round(probability * 10), arbitrary: arb });
const join = (parts: readonly string[]): string => parts.filter(part => part !== '').join(' ');
const list = (arb: fc.Arbitrary<string>, max = 3): fc.Arbitrary<string> => fc.array(arb, { minLength: 1, maxLength: max }).map(items => items.join(', '));

const percent = pick(NUMBERS).map(n => `${n}%`);
const accountRef = fc.oneof(pick(ACCOUNT_IDS), pick(['"web-prod"', 'web-prod', 'web-dev', 'data-prod', 'nobody']));

const account = fc.tuple(fc.boolean(), pick(ACCOUNT_IDS), maybe(pick(['"web-prod"', '"web-dev"', '"data-prod"', '"x"', '""']), 0.8))
    .map(([payer, id, name]) => join([payer ? 'payer' : 'account', id, name]));

const ruleField = fc.oneof(
    percent.map(p => `markup ${p}`),
    percent.map(p => `discount ${p}`),
    fc.oneof(fc.constant('tiering'), fc.constant('tiering free-tier off'), fc.constant('tiering free-tier on')),
    pick(SERVICES).map(s => `service ${s}`),
    pick(ENTITIES).map(s => `billing-entity ${s}`),
    pick(USAGE_TYPES).map(s => `usage-type ${s}`),
    pick(OPERATIONS).map(s => `operation ${s}`),
    fc.tuple(pick(NUMBERS), maybe(pick(NUMBERS)), pick(NUMBERS)).map(([b, e, r]) => join(['tier', b, e ? `to ${e}` : '', 'at', r])),
);
const rule = fc.tuple(pick(NAMES), maybe(pick(DESCRIPTIONS), 0.2), fc.array(ruleField, { maxLength: 5 }))
    .map(([name, description, fields]) => `rule ${join([name, description])} { ${fields.join(' ')} }`);

const plan = fc.tuple(pick(NAMES), maybe(pick(DESCRIPTIONS), 0.2), fc.array(fc.oneof(
    list(pick(NAMES)).map(names => `rules ${names}`),
    percent.map(p => `min-margin ${p}`),
), { maxLength: 3 })).map(([name, description, body]) => `plan ${join([name, description])} { ${body.join(' ')} }`);

const lineItemOption = fc.oneof(
    fc.constant('exclude savings-plan-negation'),
    fc.tuple(pick(['=', '!=']), list(pick(SERVICES), 2)).map(([op, services]) => `service ${op} ${services}`),
    accountRef.map(ref => `account ${ref}`),
    fc.constant('itemized'),
    pick(SERVICES).map(s => `presented-as ${s}`),
    pick(PERIODS).map(p => `from ${p}`),
    pick(PERIODS).map(p => `until ${p}`),
);
const lineItem = fc.tuple(
    pick(['fee', 'credit']), pick(NAMES), maybe(pick(DESCRIPTIONS), 0.2),
    fc.oneof(pick(NUMBERS).map(n => `flat ${n}`), fc.tuple(percent, list(pick(['charges', ...NAMES]), 2)).map(([p, bases]) => `${p} of ${bases}`)),
    fc.array(lineItemOption, { maxLength: 3 }),
).map(([kind, name, description, charge, options]) => join([kind, name, description, charge, ...options]));

const groupMember = fc.oneof(
    accountRef.map(ref => `primary ${ref}`),
    fc.tuple(list(accountRef), maybe(pick(PERIODS)), maybe(pick(PERIODS))).map(([refs, from, until]) => join([`accounts ${refs}`, from && `from ${from}`, until && `until ${until}`])),
    pick(NAMES).map(name => `plan ${name}`),
    fc.constant('auto-associate'),
    lineItem,
    pick(NUMBERS).map(n => `budget ${n}`),
    percent.map(p => `min-margin ${p}`),
);
const group = fc.tuple(pick(NAMES), maybe(pick(DESCRIPTIONS), 0.3), fc.array(groupMember, { maxLength: 7 }))
    .map(([name, description, members]) => `group ${join([name, description])} { ${members.join(' ')} }`);

const importStatement = pick(['"shared/accounts.billing"', '"shared/rate-card.billing"', '"missing.billing"', '"shared"', '""', '"acme.billing"'])
    .map(target => `import ${target}`);
const dataStatement = list(pick(['"data/sample-cur.csv"', '"missing.csv"', '"*.csv"']), 2).map(paths => `data ${paths}`);

/**
 * A well-shaped policy: a few accounts, then a coherent core (rules, a plan using them, a group on the plan
 * with the fixture's accounts) and random statements. Most of these validate; many price.
 */
const coherentCore = fc.tuple(fc.integer({ min: 0, max: 40 }), pick(NUMBERS), fc.boolean()).map(([markup, flat, auto]) => [
    'account 111111111111 "web-prod"', 'account 222222222222 "web-dev"', 'account 333333333333 "data-prod"',
    `rule base { markup ${markup}% }`, 'rule ec2 { discount 20% service AmazonEC2 }', 'plan standard { rules base, ec2 }',
    `group web { primary web-prod accounts web-prod, web-dev plan standard fee platform flat ${flat} fee security 2% of charges, platform${auto ? ' auto-associate' : ''} }`,
]);

const statement = fc.oneof(
    { weight: 3, arbitrary: account }, { weight: 3, arbitrary: rule }, { weight: 2, arbitrary: plan }, { weight: 3, arbitrary: group },
    { weight: 1, arbitrary: importStatement }, { weight: 1, arbitrary: dataStatement },
);

/** Statements of a policy, one string each (layout is added by `layout`). */
export const policyStatements: fc.Arbitrary<string[]> = fc.tuple(fc.boolean(), coherentCore, fc.array(statement, { maxLength: 8 }))
    .map(([core, coreStatements, more]) => (core ? [...coreStatements, ...more] : more));

const FIXTURE_ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
/** Rule scopes, each at most once per policy (two rules of one scope conflict); tiering only GLOBAL or SERVICE. */
const RULE_SCOPES: ReadonlyArray<{ readonly scope: string; readonly tiering: boolean }> = [
    { scope: '', tiering: true },
    { scope: 'service AmazonEC2', tiering: true },
    { scope: 'service AmazonS3', tiering: true },
    { scope: 'service AmazonRDS', tiering: true },
    { scope: 'billing-entity AWS', tiering: false },
    { scope: 'service AmazonEC2 usage-type "USE1-BoxUsage:m5.large"', tiering: false },
    { scope: 'service AmazonRDS operation "CreateDBInstance:0002"', tiering: false },
];
const pricedRule = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 100 }), fc.boolean());
const percentOption = pick(['exclude savings-plan-negation', 'service = AmazonEC2', 'service != AmazonS3', 'itemized', 'presented-as AmazonS3', 'from 2026-02', 'until 2026-03', '']);
const groupLineItems = fc.array(fc.tuple(pick(['fee', 'credit']), fc.boolean(), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 30 }), percentOption), { maxLength: 3 })
    .map(items => items.map(([kind, flat, amount, pct, option], i) =>
        (flat || i === 0 ? join([kind, `item${i}`, `flat ${amount / 100}`]) : join([kind, `item${i}`, `${pct}% of charges, item0`, option]))));

/**
 * A policy that is valid by construction most of the time (unique names and scopes, disjoint accounts,
 * plans that exist): it reaches pricing, lenses and hints with random rules, scopes and line items.
 */
export const pricedPolicy: fc.Arbitrary<string> = fc.tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: RULE_SCOPES.length - 1 }), { minLength: 1, maxLength: 4 }),
    fc.array(pricedRule, { minLength: 4, maxLength: 4 }),
    fc.subarray(FIXTURE_ACCOUNTS, { minLength: 1 }),
    fc.array(groupLineItems, { minLength: 1, maxLength: 3 }),
    fc.boolean(), maybe(pick(['budget 10', 'budget 100000', 'min-margin 5%', 'min-margin 90%']), 0.3),
).map(([scopes, effects, accounts, groups, auto, check]) => {
    const rules = scopes.map((index, i) => {
        const { scope, tiering } = RULE_SCOPES[index]!;
        const [kind, percent, freeTier] = effects[i]!;
        const effect = kind === 2 && tiering ? `tiering free-tier ${freeTier ? 'on' : 'off'}` : `${kind === 0 ? 'markup' : 'discount'} ${percent}%`;
        return `rule r${i} { ${join([effect, scope])} }`;
    });
    const lines = [
        ...FIXTURE_ACCOUNTS.map(id => `account ${id}`),
        ...rules,
        `plan p { rules ${rules.map((_r, i) => `r${i}`).join(', ')} }`,
    ];
    groups.slice(0, accounts.length).forEach((items, g) => {
        const id = accounts[g]!;
        lines.push(`group g${g} { primary ${id} accounts ${id} plan p ${join([...items, g === 0 && auto ? 'auto-associate' : '', check])} }`);
    });
    return lines.join('\n');
});

/** Separators between tokens: whitespace of every kind, comments, and line endings of every platform. */
const separator = fc.oneof(
    { weight: 12, arbitrary: fc.constant(' ') },
    { weight: 4, arbitrary: fc.constant('\n') },
    { weight: 2, arbitrary: fc.constant('\r\n') },
    { weight: 1, arbitrary: fc.constant('\t') },
    { weight: 1, arbitrary: fc.constant('  \n\n   ') },
    { weight: 1, arbitrary: fc.constant(' // a comment\n') },
    { weight: 1, arbitrary: fc.constant(' /* block\r\n comment */ ') },
);

/**
 * Lays statements out with random separators between their tokens. Tokens are split at spaces outside
 * string literals only, so strings keep their text.
 */
export function layout(statements: readonly string[], separators: readonly string[]): string {
    const tokens = statements.flatMap(s => s.match(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|[^\s"']+/g) ?? []);
    let out = '';
    tokens.forEach((token, i) => { out += token + (separators[i % Math.max(1, separators.length)] ?? ' '); });
    return out;
}

/** Structured policies with random layout. */
export const structuredPolicy: fc.Arbitrary<string> = fc.tuple(policyStatements, fc.array(separator, { minLength: 1, maxLength: 16 }))
    .map(([statements, separators]) => layout(statements, separators));

/** Grammar tokens in random order. */
export const tokenSoup: fc.Arbitrary<string> = fc.array(pick(TOKENS), { maxLength: 60 }).chain(tokens =>
    fc.array(separator, { minLength: 1, maxLength: 4 }).map(separators => tokens.map((t, i) => t + separators[i % separators.length]).join('')));

/** Arbitrary text, including surrogate pairs and control characters. */
export const rawText: fc.Arbitrary<string> = fc.oneof(
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc.string({ maxLength: 200, unit: fc.constantFrom(...'{}%",\'\\/*\n\r 0123456789-.abcdefgrupl') }),
);

/** Large and pathological texts: many statements, one very long line, long runs of one token. */
export const largeText: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(structuredPolicy, fc.integer({ min: 10, max: 60 })).map(([text, times]) => Array.from({ length: times }, () => text).join('\n')),
    fc.tuple(pick(TOKENS), fc.integer({ min: 1000, max: 10_000 })).map(([token, times]) => token.repeat(times)),
    fc.integer({ min: 100, max: 5000 }).map(n => `rule r { markup ${'9'.repeat(n)}.${'1'.repeat(n)}% }\nplan p { rules r }`),
    fc.integer({ min: 100, max: 2000 }).map(n => `group g { accounts ${Array.from({ length: n }, (_x, i) => String(100000000000 + i)).join(', ')} }`),
);

/** The example policies and the server fixture: realistic seeds for mutation. */
export function seedTexts(repoRoot: string): string[] {
    const examples = path.join(repoRoot, 'examples');
    const files = readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.billing')).sort();
    return [
        ...files.map(f => readFileSync(path.join(examples, f), 'utf8')),
        readFileSync(path.join(repoRoot, 'test/server/fixtures/tiny-policy.billing'), 'utf8'),
    ];
}

type Mutation = (text: string) => string;

/** A uniform fraction in [0, 1] (fc.double favours tiny values: every probe would land at the start). */
const fraction = fc.integer({ min: 0, max: 1_000_000 }).map(n => n / 1_000_000);

/** A mutation applied at fractions of the text, so that it works at any length. */
const mutation: fc.Arbitrary<Mutation> = fc.tuple(
    fc.integer({ min: 0, max: 9 }), fraction, fraction,
    pick(TOKENS), fc.string({ maxLength: 6, unit: 'binary' }),
).map(([kind, a, b, token, junk]): Mutation => text => {
    const at = (f: number): number => Math.floor(f * text.length);
    const [lo, hi] = [Math.min(at(a), at(b)), Math.max(at(a), at(b))];
    const span = Math.min(hi - lo, 40);
    switch (kind) {
        case 0: return text.slice(0, lo) + text.slice(lo + span); // delete
        case 1: return text.slice(0, lo) + token + text.slice(lo); // insert a token
        case 2: return text.slice(0, lo) + ` ${token} ` + text.slice(lo + span); // replace by a token
        case 3: return text.slice(0, lo) + junk + text.slice(lo); // insert junk
        case 4: return text.slice(0, lo) + text.slice(lo, lo + span) + text.slice(lo); // duplicate
        case 5: return text.slice(0, at(a)); // truncate
        case 6: return text.slice(0, lo) + text.slice(hi, hi + span) + text.slice(lo + span, hi) + text.slice(lo, lo + span) + text.slice(hi + span); // swap
        case 7: return text.slice(0, lo) + text.slice(lo, lo + span).toUpperCase() + text.slice(lo + span); // case
        case 8: return text.replace(/\n/g, b < 0.5 ? '\r\n' : '\r'); // line endings
        default: return text.slice(0, lo) + text.charAt(lo) + text.slice(lo); // stutter one character
    }
});

/** A seed broken by one to six mutations. */
export function mutatedPolicy(seeds: readonly string[]): fc.Arbitrary<string> {
    const seed = fc.oneof({ weight: 2, arbitrary: pick(seeds) }, { weight: 1, arbitrary: structuredPolicy }, { weight: 1, arbitrary: pricedPolicy });
    return fc.tuple(seed, fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([text, mutations]) => mutations.reduce((t, m) => m(t), text));
}

/** Where in a text the editor features are asked about: fractions of its length. */
export const probes = fc.array(fraction, { minLength: 2, maxLength: 3 });

/** One fuzz input: a text and the probe positions. Weights: mostly valid-ish and mutated texts. */
export function fuzzInput(seeds: readonly string[]): fc.Arbitrary<{ text: string; probes: number[] }> {
    const text = fc.oneof(
        { weight: 30, arbitrary: structuredPolicy },
        { weight: 20, arbitrary: pricedPolicy },
        { weight: 50, arbitrary: mutatedPolicy(seeds) },
        { weight: 10, arbitrary: tokenSoup },
        { weight: 10, arbitrary: rawText },
        { weight: 1, arbitrary: largeText },
    );
    return fc.record({ text, probes });
}
