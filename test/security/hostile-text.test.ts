/**
 * Issue 18, items 2 and 5 and the Trojan Source finding: strings that policy authors and whoever writes the CUR
 * bucket control never reach a terminal, a CI log, a PR comment or a spreadsheet raw. Every human-facing output
 * format is run with the same hostile strings; the JSON contract keeps them exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownText, spreadsheetSafe, terminalText } from '../../engine/report/index.js';
import { billing, tempProject } from '../cli/cli-harness.js';

const ESC = '\u001b';
// A service code from a shared CUR bucket: a line break that forges a workflow command, a terminal escape, HTML that
// hides the rest of a PR comment, a Markdown image (tracking pixel) and a spreadsheet formula.
const SERVICE = `Amazon${ESC}[2J\n::error::all checks passed<!-- [x](https://evil.example/p.png) ![t](https://evil.example/t.png) @org/team`;
const FORMULA = '=HYPERLINK("https://evil.example","open")';
const csvQuoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const CUR = [
    HEADER,
    `2026-01-01T00:00:00Z,111111111111,Usage,${csvQuoted(SERVICE)},USE1-Usage,Run,USD,100,100,1`,
    `2026-01-01T00:00:00Z,111111111111,Usage,${csvQuoted(FORMULA)},USE1-Usage,Run,USD,-12.5,-12.5,1`,
].join('\n') + '\n';
// Policy strings may hold Markdown and HTML (not control characters: those are BIL093).
const NAME = '<!-- hidden --> [click](https://evil.example) *bold* | cell';
const POLICY = `account 111111111111 "${NAME}"
rule m { markup 10% }
plan p { rules m }
group web { primary 111111111111 accounts 111111111111 plan p budget 1 }
`;

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({ 'p.billing': POLICY, 'cur.csv': CUR, 'p2.billing': POLICY.replace('markup 10%', 'markup 20%').replace(NAME, 'renamed') });
});
afterAll(() => project.dispose());

/** No raw control character but the line breaks of the output itself, and no line that starts a workflow command. */
function expectTerminalSafe(text: string): void {
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).not.toMatch(/^::/m);
}

function expectMarkdownSafe(text: string): void {
    expectTerminalSafe(text);
    // The only comment is the diff's own first-line marker (a CI step finds its previous comment by it).
    expect(text.replace(/^<!-- billing-conductor:diff -->\n/, '')).not.toContain('<!--');
    expect(text).not.toMatch(/(^|[^\\])\]\(https?:/); // no link or image: every `]` before a URL is escaped
    expect(text).not.toMatch(/(^|[^\\])@org/); // no @mention
}

describe('every human-facing output escapes hostile names', () => {
    it('bill --format table', () => {
        const result = billing(['bill', 'p.billing', '-d', 'cur.csv', '--detail'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expectTerminalSafe(result.stdout);
        expect(result.stdout).toContain('Amazon\\x1b[2J\\n::error::all checks passed');
    });

    it('bill --format markdown', () => {
        const result = billing(['bill', 'p.billing', '-d', 'cur.csv', '--detail', '-f', 'markdown'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expectMarkdownSafe(result.stdout);
        expect(result.stdout).toContain('&lt;!-- hidden --&gt; \\[click\\](https://evil.example) \\*bold\\* \\| cell');
    });

    it('bill --format csv neutralises formulas (OWASP) and never alters amounts; --raw-csv keeps the bytes', () => {
        const safe = billing(['bill', 'p.billing', '-d', 'cur.csv', '--detail', '-f', 'csv'], project.dir).stdout;
        expect(safe).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
        expect(safe).not.toMatch(/(^|,)"?[=+@]/m);
        // Amounts are exact and unaltered: the formula row's -12.5 is AWS cost (not neutralised); 100 − 12.5 = 87.5.
        expect(safe).toMatch(/^total,+87\.5,/m);
        expect(safe).toMatch(/,-12\.5,/);
        const raw = billing(['bill', 'p.billing', '-d', 'cur.csv', '--detail', '-f', 'csv', '--raw-csv'], project.dir).stdout;
        expect(raw).toContain(`,${csvQuoted(FORMULA)},`);
    });

    it('bill --format json keeps every string exact (a machine contract)', () => {
        const report = JSON.parse(billing(['bill', 'p.billing', '-d', 'cur.csv', '-f', 'json'], project.dir).stdout) as { groups: { byService: { service: string }[] }[] };
        expect(report.groups[0]!.byService.map((line) => line.service).sort()).toEqual([FORMULA, SERVICE].sort());
    });

    it('export writes a spreadsheet-safe pro forma CUR, and the raw one with --raw-csv', () => {
        expect(billing(['export', 'p.billing', '-d', 'cur.csv', '-g', 'web', '-o', 'out.csv'], project.dir).status).toBe(0);
        expect(billing(['export', 'p.billing', '-d', 'cur.csv', '-g', 'web', '-o', 'raw.csv', '--raw-csv'], project.dir).status).toBe(0);
        const read = (name: string) => billing(['bill', 'p.billing', '-d', name, '-f', 'json'], project.dir);
        const safe = read('out.csv');
        const raw = read('raw.csv');
        // Amounts unaltered either way: re-ingested, the safe and raw exports give the same pro forma total.
        const total = (result: ReturnType<typeof billing>) => (JSON.parse(result.stdout) as { total: { awsCost: string } }).total.awsCost;
        expect(total(safe)).toBe(total(raw));
        const services = (result: ReturnType<typeof billing>) => (JSON.parse(result.stdout) as { groups: { byService: { service: string }[] }[] }).groups[0]!.byService.map((line) => line.service);
        expect(services(safe)).toContain(`'${FORMULA}`);
        expect(services(raw)).toContain(FORMULA);
    });

    it('diff --format table and markdown', () => {
        const table = billing(['diff', 'p.billing', 'p2.billing', '-d', 'cur.csv'], project.dir);
        expect(table.status, table.stderr).toBe(0);
        expectTerminalSafe(table.stdout);
        const md = billing(['diff', 'p.billing', 'p2.billing', '-d', 'cur.csv', '-f', 'markdown'], project.dir);
        expectMarkdownSafe(md.stdout);
        expect(md.stdout).toContain('&lt;!-- hidden --&gt;');
    });

    it('check --format markdown and text', () => {
        const md = billing(['check', 'p.billing', '-d', 'cur.csv', '-f', 'markdown'], project.dir);
        expectMarkdownSafe(md.stdout);
        expectTerminalSafe(billing(['check', 'p.billing', '-d', 'cur.csv'], project.dir).stdout);
    });

    it('stderr warnings of the data are escaped too', () => {
        expectTerminalSafe(billing(['bill', 'p.billing', '-d', 'cur.csv'], project.dir).stderr);
    });
});

describe('validation rejects control characters and warns on bidi controls; text and GitHub output escape', () => {
    let bad: ReturnType<typeof tempProject>;
    beforeAll(() => {
        bad = tempProject({
            'escaped.billing': 'account 111111111111 "web\\n::error::forged"\n',
            'raw.billing': `account 111111111111 "web${ESC}[8m"\nrule r { markup 1% } // ok\n`,
            'bidi.billing': 'account 111111111111 "a\u202eb"\nrule r { markup 1% } // \u202e } rule free { discount 100% \u2066\n',
        });
    });
    afterAll(() => bad.dispose());

    it('BIL093 for a line break written as an escape and for a raw escape character, in text and github formats', () => {
        for (const file of ['escaped.billing', 'raw.billing']) {
            const text = billing(['validate', file], bad.dir);
            expect(text.status).toBe(1);
            expect(text.stdout).toMatch(new RegExp(`^${file.replace('.', '\\.')}:1:22 error BIL093 `, 'm'));
            expectTerminalSafe(text.stdout);
            const github = billing(['validate', file, '-f', 'github'], bad.dir);
            expect(github.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
            expect(github.stdout.split('\n').filter((line) => line.startsWith('::')).every((line) => /^::(error|warning|notice) file=/.test(line))).toBe(true);
        }
    });

    it('BIL095 for each bidi control outside strings, none for one inside a string', () => {
        const result = billing(['validate', 'bidi.billing', '-f', 'json'], bad.dir);
        const report = JSON.parse(result.stdout) as { diagnostics: { code: string; line: number; column: number }[] };
        expect(report.diagnostics.filter((d) => d.code === 'BIL095').map((d) => [d.line, d.column])).toEqual([[2, 25], [2, 55]]);
    });
});

describe('the escaping functions', () => {
    it('terminalText shows every control character as an escape', () => {
        expect(terminalText('a\nb\rc\td\u001be\u0000f\u009bg\u202eh\u2028i')).toBe('a\\nb\\rc\\td\\x1be\\x00f\\x9bg\\u202eh\\u2028i');
        expect(terminalText('plain – text €')).toBe('plain – text €');
    });

    it('markdownText neutralises HTML, links, images, emphasis, code, cells, mentions and a leading heading or list', () => {
        expect(markdownText('<b>&</b>')).toBe('&lt;b&gt;&amp;&lt;/b&gt;');
        expect(markdownText('![x](u) [y](v) *e* _f_ `c` a|b ~s~ @me \\')).toBe('!\\[x\\](u) \\[y\\](v) \\*e\\* \\_f\\_ \\`c\\` a\\|b \\~s\\~ \\@me \\\\');
        expect(markdownText('# h')).toBe('\\# h');
        expect(markdownText('- l')).toBe('\\- l');
        expect(markdownText('web-prod')).toBe('web-prod');
    });

    it('spreadsheetSafe: the OWASP prefixes, never a number', () => {
        for (const text of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '-cmd|x']) expect(spreadsheetSafe(text)).toBe(`'${text}`);
        for (const text of ['-12.5', '-0', '+', 'AmazonEC2', '', '1e5', '-1E-7', '12']) expect(spreadsheetSafe(text)).toBe(text === '+' ? "'+" : text);
    });
});
