/**
 * Issue 18, item 6 and the lexer finding: every number a policy can hold is bounded like the ingest's amounts
 * (BIL094: at most 20 digits before the point, 40 after), and any size of string literal parses without throwing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Limits } from '../../language/validation/issue-codes.js';
import { MAX_DECIMALS, MAX_INTEGER_DIGITS } from '../../engine/ingest/scaled-decimal.js';
import { codes, reset, validate, withCode } from '../language/validation/helpers.js';

afterEach(reset);

const HUGE_DECIMALS = `1.${'0'.repeat(100_000)}1`;
const HUGE_INTEGER = `1${'0'.repeat(100_000)}`;
const ACCOUNTS = 'account 111111111111 "web"\n';
const GROUP = (body: string) => `group web {\n  primary web\n  accounts web\n  plan p\n${body}\n}\n`;
// Every numeric field of the language, with N standing for the number.
const FIELDS: Readonly<Record<string, string>> = {
    markup: `${ACCOUNTS}rule m { markup N% }\nplan p { rules m }\n${GROUP('')}`,
    discount: `${ACCOUNTS}rule m { discount N% }\nplan p { rules m }\n${GROUP('')}`,
    'tier begin': `${ACCOUNTS}rule m { tiering tier N at 1 }\nplan p { rules m }\n${GROUP('')}`,
    'tier end': `${ACCOUNTS}rule m { tiering tier 0 to N at 1 }\nplan p { rules m }\n${GROUP('')}`,
    'tier rate': `${ACCOUNTS}rule m { tiering tier 0 at N }\nplan p { rules m }\n${GROUP('')}`,
    'plan min-margin': `${ACCOUNTS}rule m { markup 1% }\nplan p { rules m min-margin N% }\n${GROUP('')}`,
    'group min-margin': `${ACCOUNTS}rule m { markup 1% }\nplan p { rules m }\n${GROUP('  min-margin N%')}`,
    budget: `${ACCOUNTS}rule m { markup 1% }\nplan p { rules m }\n${GROUP('  budget N')}`,
    'flat fee': `${ACCOUNTS}rule m { markup 1% }\nplan p { rules m }\n${GROUP('  fee f flat N')}`,
    'percentage fee': `${ACCOUNTS}rule m { markup 1% }\nplan p { rules m }\n${GROUP('  fee f N% of charges')}`,
};

describe('BIL094: every numeric field bounded as the ingest bounds amounts', () => {
    it('uses the ingest\'s limits', () => {
        expect([Limits.numberIntegerDigits, Limits.numberDecimals]).toEqual([MAX_INTEGER_DIGITS, MAX_DECIMALS]);
    });

    for (const [field, template] of Object.entries(FIELDS)) {
        it(`${field}: 100,000 decimals or digits are BIL094, quickly; 20 digits and 40 decimals are not`, async () => {
            for (const huge of [HUGE_DECIMALS, HUGE_INTEGER]) {
                const started = performance.now();
                const diagnostics = await validate(template.replace('N', huge));
                expect(withCode(diagnostics, 'BIL094'), `${field} ${huge.length}`).toHaveLength(1);
                expect(performance.now() - started).toBeLessThan(10_000);
                await reset();
            }
            const within = await validate(template.replace('N', `0.${'0'.repeat(39)}1`));
            expect(codes(within)).not.toContain('BIL094');
            const twenty = await validate(template.replace('N', '9'.repeat(20)));
            expect(codes(twenty)).not.toContain('BIL094');
        });
    }
});

describe('parsing never throws, whatever the size of a string literal', () => {
    it('a 5 MB account name lexes and validates (it used to overflow the lexer\'s stack)', async () => {
        const diagnostics = await validate(`account 111111111111 "${'a'.repeat(5_000_000)}"\n`);
        expect(codes(diagnostics).filter((code) => code === 'BIL001' || code === 'BIL002')).toEqual([]);
        expect(diagnostics.some((d) => /error occurred/i.test(d.message))).toBe(false);
    });

    it('a 5 MB literal of escapes and an unterminated one too', async () => {
        expect((await validate(`account 111111111111 "${'\\"'.repeat(2_500_000)}"\n`)).some((d) => /error occurred/i.test(d.message))).toBe(false);
        await reset();
        const open = await validate(`account 111111111111 "${'a'.repeat(5_000_000)}\n`);
        expect(open.length).toBeGreaterThan(0); // a lexer error, reported, not thrown
    });
});
