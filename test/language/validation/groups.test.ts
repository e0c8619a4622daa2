import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, DATA_GROUP, HEADER, locations, reset, validate, validateAll, webGroup, withCode } from './helpers.js';

describe('overlapping memberships', () => {
    afterEach(reset);

    it('reports an account in two groups at both memberships, each pointing at the other', async () => {
        const text = `${HEADER}
${webGroup()}
group data {
  primary data-prod
  accounts data-prod, web-dev from 2026-03
  plan standard
}`;
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.overlappingMembership.code, Issues.overlappingMembership.code]);
        expect(locations(text, diagnostics, Issues.overlappingMembership.code)).toEqual([[9, 'web-dev'], [14, 'web-dev']]);
        const [inWeb, inData] = diagnostics;
        expect(inWeb.relatedInformation?.map(r => r.location.range.start.line + 1)).toEqual([14]);
        expect(inData.relatedInformation?.map(r => r.location.range.start.line + 1)).toEqual([9]);
        expect(inWeb.message).toBe("account 222222222222 (\"web-dev\") is also a member of group 'data' from 2026-03; " +
            'an account belongs to at most one group per billing period');
        expect(inWeb.relatedInformation?.[0].location.uri).toBe(inData.relatedInformation?.[0].location.uri);
    });

    it('accepts an account moving between groups at a period boundary (until is exclusive)', async () => {
        const text = `${HEADER}
group web {
  primary web-prod
  accounts web-prod
  accounts web-dev until 2026-03
  plan standard
}
group data {
  primary data-prod
  accounts data-prod
  accounts web-dev from 2026-03 until 2026-06
  accounts 222222222222 from 2026-09
  plan standard
}`;
        expect(await validate(text)).toEqual([]);
    });

    it('reports overlapping ranges, and an account written once by id and once by name', async () => {
        const text = `${HEADER}
group web {
  primary web-prod
  accounts web-prod
  accounts web-dev from 2026-01 until 2026-05
  plan standard
}
group data {
  primary data-prod
  accounts data-prod, 222222222222 from 2026-04 until 2026-08
  plan standard
}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.overlappingMembership.code)).toEqual([[10, 'web-dev'], [15, '222222222222']]);
        expect(diagnostics[0].message).toContain('from 2026-04 until 2026-05');
    });

    it('reports an account listed twice in one group', async () => {
        const text = `${HEADER}\n${webGroup('accounts web-dev from 2026-02')}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.overlappingMembership.code)).toEqual([[9, 'web-dev'], [11, 'web-dev']]);
        expect(diagnostics[0].message).toContain('this group');
    });

    it('reports an overlap with a group of an imported file in the importing file, pointing into the other file', async () => {
        const shared = `${HEADER}\n${webGroup()}`;
        const result = await validateAll({
            'shared.billing': shared,
            'main.billing': 'import "shared.billing"\ngroup data {\n  primary data-prod\n  accounts data-prod, web-prod\n  plan standard\n}',
        });
        expect(result['shared.billing']).toEqual([]);
        const [overlap] = result['main.billing'];
        expect(overlap.code).toBe(Issues.overlappingMembership.code);
        expect(overlap.range.start.line).toBe(3);
        expect(overlap.relatedInformation?.[0].location.uri).toMatch(/shared\.billing$/);
        expect(overlap.relatedInformation?.[0].location.range.start.line).toBe(8);
    });
});

describe('primary and plan of a group', () => {
    afterEach(reset);

    it('reports a group without primary or plan at its name', async () => {
        const text = `${HEADER}\ngroup web {\n  accounts web-prod, web-dev\n}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.missingPrimary.code)).toEqual([[7, 'web']]);
        expect(locations(text, diagnostics, Issues.missingPlan.code)).toEqual([[7, 'web']]);
    });

    it('reports a primary that is not a member, at the primary', async () => {
        const text = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-dev\n  plan standard\n}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        // Named as primary, web-prod is not also reported as unassigned.
        expect(codes(diagnostics)).toEqual([Issues.primaryNotMember.code]);
        expect(locations(text, diagnostics, Issues.primaryNotMember.code)).toEqual([[8, 'web-prod']]);
    });

    it('reports a primary that is not a member in some period of the group\'s life (ABC: PRIMARY_CANNOT_DISASSOCIATE)', async () => {
        // web-prod leaves in 2026-03 while web-dev stays: from 2026-03 on the group has no primary.
        const text = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-prod until 2026-03\n  accounts web-dev\n  plan standard\n}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.primaryNotMemberInPeriod.code]);
        expect(locations(text, diagnostics, Issues.primaryNotMemberInPeriod.code)).toEqual([[8, 'web-prod']]);
        expect(diagnostics[0]!.message).toContain('is not a member of group \'web\' from 2026-03');
        // Joining later than another member is a gap too (until 2026-02); covering every member period is clean.
        const late = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-prod from 2026-02\n  accounts web-dev from 2026-01\n  plan standard\n}\n${DATA_GROUP}`;
        expect((await validate(late)).map((d) => [d.code, d.message.includes('from 2026-01 until 2026-02')])).toEqual([[Issues.primaryNotMemberInPeriod.code, true]]);
        const clean = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-prod from 2026-01\n  accounts web-dev from 2026-01 until 2026-05\n  plan standard\n}\n${DATA_GROUP}`;
        expect(codes(await validate(clean))).toEqual([]);
    });

    it('reports a second primary, plan and auto-associate at the repetition', async () => {
        const text = `${HEADER}\n${webGroup('primary web-dev', 'plan standard', 'auto-associate', 'auto-associate')}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.repeatedGroupClause.code)).toEqual([
            [11, 'primary web-dev'], [12, 'plan standard'], [14, 'auto-associate'],
        ]);
        expect(codes(diagnostics)).not.toContain(Issues.multipleAutoAssociate.code);
    });

    it('reports more than one auto-associate group at each', async () => {
        const text = `${HEADER}\n${webGroup('auto-associate')}\n${DATA_GROUP.replace('plan standard', 'plan standard\n  auto-associate')}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.multipleAutoAssociate.code)).toEqual([[11, 'auto-associate'], [17, 'auto-associate']]);
        expect(withCode(diagnostics, Issues.multipleAutoAssociate.code)[0].message).toContain("'data'");
    });
});

describe('accounts per group', () => {
    afterEach(reset);

    const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(100000000000 + from + i));
    const group = (lines: string[]) => `plan p { }\ngroup big {\n  primary 100000000000\n${lines.join('\n')}\n  plan p\n}`;

    it('allows 1,000 accounts and reports 1,001 at the group name', async () => {
        expect(await validate(group([`  accounts ${ids(0, 1000).join(', ')}`]))).toEqual([]);
        const text = group([`  accounts ${ids(0, 1001).join(', ')}`]);
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.tooManyAccounts.code)).toEqual([[2, 'big']]);
        expect(diagnostics[0].message).toContain('1,001');
    });

    it('counts accounts per billing period', async () => {
        const sequential = group([
            `  accounts ${ids(0, 600).join(', ')} until 2026-06`,
            `  accounts ${ids(600, 600).join(', ')} from 2026-06`,
            '  accounts 100000000000',
        ]);
        expect(codes(await validate(sequential))).not.toContain(Issues.tooManyAccounts.code);
        const overlapping = group([
            `  accounts ${ids(0, 600).join(', ')} until 2026-07`,
            `  accounts ${ids(600, 600).join(', ')} from 2026-06`,
        ]);
        const diagnostics = await validate(overlapping);
        expect(withCode(diagnostics, Issues.tooManyAccounts.code).map(d => d.message)).toEqual([
            'group has 1,200 member accounts in one billing period; ABC allows at most 1,000',
        ]);
    });
});
