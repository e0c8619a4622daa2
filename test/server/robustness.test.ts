import { afterAll, describe, expect, it } from 'vitest';
import { createKit, hintLabels, hoverAt, lensTitles, TINY_POLICY_TEXT } from './server-kit.js';

describe('features degrade, never crash', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('a failing feature answers empty and logs the failure', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        const logged: string[] = [];
        const log = kit.services.server.Log;
        const pricing = kit.services.server.Pricing;
        const originalError = log.error.bind(log);
        const originalPricing = pricing.pricingFor.bind(pricing);
        log.error = (message: string) => { logged.push(message); };
        pricing.pricingFor = () => { throw new Error('boom'); };
        try {
            expect(await lensTitles(kit, document)).toEqual([]);
            expect(await hintLabels(kit, document)).toEqual([]);
            expect(await hoverAt(kit, document, 'group web', 'group '.length)).toBeUndefined();
        } finally {
            log.error = originalError;
            pricing.pricingFor = originalPricing;
        }
        expect(logged.map(message => message.split('\n')[0])).toEqual(['code lens failed: Error: boom', 'inlay hints failed: Error: boom', 'hover failed: Error: boom']);
    });

    it('every feature answers on text that is not a policy at all', async () => {
        const document = await kit.open('group { primary accounts 12 fee % of , , rule } plan "x\n}}} %% account "a" 1 ');
        const uri = { uri: document.textDocument.uri };
        const lsp = kit.services.lsp;
        const position = { line: 0, character: 8 };
        // Each call rejecting would fail the test; the answers themselves may be empty.
        expect(Array.isArray(await lensTitles(kit, document))).toBe(true);
        // A line item parsed out of the garbage says why it has no amount.
        expect(await hintLabels(kit, document)).toEqual(['1: policy has errors']);
        await lsp.HoverProvider!.getHoverContent(document, { textDocument: uri, position });
        expect((await lsp.CompletionProvider!.getCompletion(document, { textDocument: uri, position }))?.items).toBeDefined();
        await lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: uri, range: { start: position, end: position }, context: { diagnostics: document.diagnostics ?? [] },
        });
        expect((await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: uri })).data.length).toBeGreaterThan(0);
        expect((await kit.validateWithData(document)).length).toBeGreaterThan(0);
    });
});
