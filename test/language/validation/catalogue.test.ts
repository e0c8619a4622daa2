import { readFileSync } from 'node:fs';
import { AstUtils, GrammarAST } from 'langium';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_REFERENCE_ISSUES } from '../../../language/validation/billing-document-validator.js';
import { DIAGNOSTICS_DOC_PATH, renderDiagnosticsDoc } from '../../../language/validation/diagnostics-doc.js';
import { allIssues, issueByCode, Issues } from '../../../language/validation/issue-codes.js';
import { services } from './helpers.js';

describe('diagnostic catalogue', () => {
    it('has unique BILnnn codes and unique kebab-case names', () => {
        const codes = allIssues.map(issue => issue.code);
        const names = allIssues.map(issue => issue.name);
        expect(new Set(codes).size).toBe(codes.length);
        expect(new Set(names).size).toBe(names.length);
        for (const issue of allIssues) {
            expect(issue.code).toMatch(/^BIL[0-9]{3}$/);
            expect(issue.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(['error', 'warning', 'info']).toContain(issue.severity);
            expect(issue.summary.length).toBeGreaterThan(0);
            expect(issue.explanation.length).toBeGreaterThan(0);
            expect(issue.wrong).not.toBe(issue.right);
        }
    });

    it('keeps codes in ascending order, so new entries get new numbers', () => {
        const codes = allIssues.map(issue => issue.code);
        expect([...codes].sort()).toEqual(codes);
    });

    it('finds entries by code', () => {
        expect(issueByCode('BIL065')).toBe(Issues.overlappingMembership);
        expect(issueByCode('BIL999')).toBeUndefined();
    });

    it('has an "unknown …" code for every cross-reference of the grammar', () => {
        const targets = AstUtils.streamAllContents(services.Grammar)
            .filter(GrammarAST.isCrossReference)
            .map(ref => ref.type.ref?.name)
            .toArray();
        expect(targets.length).toBeGreaterThan(0);
        for (const target of targets) {
            expect(Object.keys(UNKNOWN_REFERENCE_ISSUES)).toContain(target);
        }
    });

    it(`${DIAGNOSTICS_DOC_PATH} is generated from the catalogue`, () => {
        const committed = readFileSync(DIAGNOSTICS_DOC_PATH, 'utf8');
        // Regenerate with: node scripts/gen-diagnostics-doc.mjs
        expect(committed, `${DIAGNOSTICS_DOC_PATH} is stale: run \`node scripts/gen-diagnostics-doc.mjs\``).toBe(renderDiagnosticsDoc());
    });

    it('documents every code in its own section with a wrong and a right example', () => {
        const doc = renderDiagnosticsDoc();
        for (const issue of allIssues) {
            const section = doc.split(`## ${issue.code} ${issue.name}\n`)[1]?.split('\n## ')[0];
            expect(section, issue.code).toBeDefined();
            expect(section).toContain(`**Severity:** ${issue.severity}`);
            expect(section).toContain(issue.wrong);
            expect(section).toContain(issue.right);
        }
    });
});
