/**
 * Effective-dated pricing (issue 16): versions of one value follow each other — overlap BIL114 and gap BIL115 at both
 * versions, with the other as related information; a group's dated plans cover its life (BIL116); a version outside
 * it (BIL117); one kind of rule over time (BIL118); ranges checked as memberships' (BIL071); repetition codes stay
 * for undated clauses; a plan's dated `rules` lines may name a rule again in other periods.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { codes, DATA_GROUP, HEADER, locations, reset, validate, webGroup, withCode } from './helpers.js';

afterEach(reset);
const policy = (...members: string[]) => `${HEADER}\n${webGroup(...members)}\n${DATA_GROUP}\n`;

describe('dated versions', () => {
    it('versions that follow each other are clean (markup, budget, min-margin, plan)', async () => {
        const text = `${HEADER.replace('rule standard-markup { markup 7% }', 'rule standard-markup {\n  markup 7% until 2026-04\n  markup 6% from 2026-04\n}')}
plan premium { rules standard-markup min-margin 3% until 2026-02 min-margin 4% from 2026-02 }
${webGroup('budget 100 until 2026-03', 'budget 200 from 2026-03 until 2026-06', 'budget 300 from 2026-06', 'min-margin 2% from 2026-01')}
${DATA_GROUP.replace('  plan standard\n', '  plan standard until 2026-05\n  plan premium from 2026-05\n')}
`;
        expect((await validate(text)).map(d => `${d.code} ${d.message}`)).toEqual([]);
    });

    it('overlapping versions: BIL114 at both, each pointing at the other', async () => {
        const text = policy('budget 100 until 2026-05', 'budget 200 from 2026-03');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, 'BIL114').map(([, covered]) => covered)).toEqual(['budget 100 until 2026-05', 'budget 200 from 2026-03']);
        const [first] = withCode(diagnostics, 'BIL114');
        expect(first!.message).toBe("the budget of group 'web' has another version in force from 2026-03 until 2026-05; versions of one value may not overlap (`until` is exclusive)");
        expect(first!.relatedInformation?.map(r => `${r.location.range.start.line + 1} ${r.message}`)).toEqual([`${text.split('\n').findIndex(l => l.includes('budget 200')) + 1} another version of the budget of group 'web', from 2026-03`]);
        expect(codes(diagnostics)).not.toContain('BIL064'); // not "repeated clause"
    });

    it('an undated clause overlaps every dated version of the same value', async () => {
        expect(codes(await validate(policy('min-margin 5%', 'min-margin 6% from 2026-04')))).toEqual(['BIL114', 'BIL114']);
    });

    it('a gap between versions: BIL115 at the end of one and the start of the next', async () => {
        const text = policy('budget 100 until 2026-03', 'budget 200 from 2026-05');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, 'BIL115')).toEqual([[11, '2026-03'], [12, '2026-05']]);
        expect(withCode(diagnostics, 'BIL115')[0]!.message).toContain('has no version from 2026-03 until 2026-05');
        expect(withCode(diagnostics, 'BIL115').every(d => d.relatedInformation?.length === 1)).toBe(true);
    });

    it('until not after from: BIL071, as for memberships', async () => {
        expect(codes(await validate(policy('budget 100 from 2026-05 until 2026-05', 'budget 200 from 2026-06')))).toContain('BIL071');
    });

    it('undated repetitions keep their own codes', async () => {
        expect(codes(await validate(policy('budget 100', 'budget 200')))).toEqual(['BIL064']);
    });

    it('a group whose dated plan leaves periods with members uncovered: BIL116', async () => {
        const text = `${HEADER}\n${webGroup('budget 5').replace('  plan standard\n', '  plan standard from 2026-04\n')}\n${DATA_GROUP}\n`;
        const diagnostics = await validate(text);
        expect(withCode(diagnostics, 'BIL116').map(d => d.message)).toEqual(["group 'web' has members but no plan until 2026-04; its dated `plan` clauses must cover every period it has members"]);
        // Members only from 2026-04: the plan from 2026-04 covers them.
        const covered = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-prod, web-dev from 2026-04\n  plan standard from 2026-04\n}\n${DATA_GROUP}\n`;
        expect(codes(await validate(covered))).not.toContain('BIL116');
    });

    it('a version outside the group\'s membership ranges: BIL117 (warning)', async () => {
        const text = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-prod, web-dev until 2026-06\n  plan standard\n  budget 1 until 2026-08\n  budget 2 from 2026-08\n}\n${DATA_GROUP}\n`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, 'BIL117')).toEqual([[12, 'budget 2 from 2026-08']]);
        expect(withCode(diagnostics, 'BIL117')[0]!.severity).toBe(2);
    });

    it('a rule mixing tiering and markup versions: BIL118', async () => {
        expect(codes(await validate('rule r {\n  markup 7% until 2026-04\n  tiering free-tier off from 2026-04\n}\nplan p { rules r }'))).toContain('BIL118');
    });

    it('dated rules lines of a plan: a rule again in other periods is fine, in overlapping ones it is a duplicate', async () => {
        const rules = 'rule a { markup 1% }\nrule b { markup 2% service AmazonEC2 }\n';
        expect(codes(await validate(`${rules}plan p {\n  rules a, b until 2026-04\n  rules a from 2026-04\n}`)).filter(code => code !== 'BIL053')).toEqual([]);
        const twice = await validate(`${rules}plan p {\n  rules a, b until 2026-04\n  rules a from 2026-03\n}`);
        expect(codes(twice)).toContain('BIL051');
        // Two GLOBAL markups conflict only where both are in the plan.
        const global = 'rule a { markup 1% }\nrule c { markup 3% }\n';
        expect(codes(await validate(`${global}plan p {\n  rules a until 2026-04\n  rules c from 2026-04\n}`)).filter(code => code !== 'BIL053')).toEqual([]);
        expect(codes(await validate(`${global}plan p {\n  rules a until 2026-05\n  rules c from 2026-04\n}`))).toContain('BIL050');
    });
});
