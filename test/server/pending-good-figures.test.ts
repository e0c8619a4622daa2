import { Decimal } from 'decimal.js';
import { DocumentState, TextDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { createKit, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * The last figures without errors must count even when their only pricing happened while the document was being
 * validated again (a lens asked while the data checks ran after typing settled): once the document is Validated at
 * that version without errors, an error typed next shows those figures, marked stale (issue 11, defect 2). Before,
 * only pricings of already validated documents counted, and under load the e2e suite saw older figures or none.
 * Figures by hand (tiny-policy.billing on tiny-cur.csv, 2026-03, as in stale-figures.test.ts): web 162.20, data 55.00.
 */
describe('last good figures priced during validation', () => {
    it('become the stale figures once their version validated without errors', async () => {
        const kit = createKit();
        const document = await kit.open(TINY_POLICY_TEXT);
        const pricing = kit.services.server.Pricing;
        // The data checks re-validate the document: it is below Validated while a lens asks for figures.
        document.state = DocumentState.IndexedReferences;
        const during = pricing.pricingFor(document);
        expect(during.kind).toBe('priced');
        // The check finishes: the document is Validated again at the same version, without errors.
        await kit.services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        expect(document.state).toBe(DocumentState.Validated);
        // Then the policy gets an error (as a typed typo would): the figures shown are those, marked stale.
        document.diagnostics = [...(document.diagnostics ?? []), { severity: 1, message: 'typed error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }];
        const after = pricing.pricingFor(document);
        if (after.kind !== 'priced') throw new Error(`expected the last good figures, got ${after.kind}`);
        expect(after.stale).toBe('policy has errors');
        expect(Object.fromEntries(after.report.groups.map(group => [group.name, new Decimal(group.proformaCost).toFixed(2)]))).toEqual({ web: '162.20', data: '55.00' });
    });

    it('are the stale figures when an edit superseded their version before it validated (the figures last shown)', async () => {
        const kit = createKit();
        const document = await kit.open(TINY_POLICY_TEXT);
        const pricing = kit.services.server.Pricing;
        // Validated figures first (the version before), then a pricing during the checks of a later version (the
        // figures the editor shows next), whose checks the next keystroke interrupts: that version never validates.
        const first = pricing.pricingFor(document);
        if (first.kind !== 'priced') throw new Error(`expected figures, got ${first.kind}`);
        document.state = DocumentState.IndexedReferences;
        TextDocument.update(document.textDocument, [], document.textDocument.version + 1);
        pricing.invalidate();
        const shown = pricing.pricingFor(document);
        if (shown.kind !== 'priced') throw new Error(`expected figures, got ${shown.kind}`);
        expect(shown.model).not.toBe(first.model);
        // The next keystroke (Langium's update event), then its version validates with an error.
        TextDocument.update(document.textDocument, [], document.textDocument.version + 1);
        await kit.services.shared.workspace.DocumentBuilder.update([], []);
        document.state = DocumentState.Validated;
        document.diagnostics = [...(document.diagnostics ?? []), { severity: 1, message: 'typed error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }];
        const after = pricing.pricingFor(document);
        if (after.kind !== 'priced') throw new Error(`expected the last figures shown, got ${after.kind}`);
        expect(after.stale).toBe('policy has errors');
        // The figures of the superseded version (the last shown), not those of the version validated before it.
        expect(after.model).toBe(shown.model);
        expect(Object.fromEntries(after.report.groups.map(group => [group.name, new Decimal(group.proformaCost).toFixed(2)]))).toEqual({ web: '162.20', data: '55.00' });
    });
});
