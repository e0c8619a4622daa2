import { afterAll, describe, expect, it } from 'vitest';
import { createKit, lensTitles, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * Figures of tiny-policy.billing on tiny-cur.csv, 2026-03 (the latest period), by hand:
 *   web  (111111111111, 222222222222): AWS 100 + 20 + 10 = 130.00
 *        EC2 (ec2-discount −20%): public 110 → 88.00; S3 (base-markup +10%): public 20 → 22.00; charges 110.00
 *        fee platform 50.00; fee security 2% × 110 = 2.20; credit promo only from 2026-06
 *        pro forma 162.20; margin 32.20; 32.20 / 162.20 = 19.852…% → 19.85%
 *   data (333333333333): AWS 50.00; RDS (base-markup): 55.00; pro forma 55.00; margin 5.00; 5 / 55 = 9.0909…% → 9.09%
 *   base-markup: public S3 20.00 + RDS 50.00 = 70.00 → 22.00 + 55.00 = 77.00 (+7.00) in 2 groups;
 *   ec2-discount: public 100.00 + 10.00 = 110.00 → 88.00 (−22.00), web only
 *   plan standard: charges 110.00 + 55.00 = 165.00
 * 2026-02: web AWS 80.00 → EC2 64.00; pro forma 64.00 + 50.00 + 1.28 = 115.28; margin 35.28 / 115.28 = 30.603…% → 30.60%
 */
describe('code lenses', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('show each group\'s pro forma, AWS cost and margin, each rule\'s and plan\'s use, in the latest period', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        expect((await lensTitles(kit, document)).sort(byLine)).toEqual([
            '6: used by 2 groups · $70.00 → $77.00 (+$7.00) in 2026-03',
            '7: used by 2 groups · $110.00 → $88.00 (\u2212$22.00) in 2026-03',
            '9: used by 2 groups (web, data) · prices $165.00 in 2026-03',
            '13: Pro forma $162.20 · AWS $130.00 · margin 19.85% · 2026-03',
            '13: $(info) explain',
            '22: Pro forma $55.00 · AWS $50.00 · margin 9.09% · 2026-03',
            '22: $(info) explain',
        ].sort(byLine));
    });

    it('open "Explain this figure": a group\'s explain lens, and a rule or plan lens on the first group it priced', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        const uri = document.textDocument.uri;
        const lenses = await kit.services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri } }) ?? [];
        const onLine = (line: number) => lenses.filter(lens => lens.range.start.line === line - 1).map(lens => lens.command);
        expect(onLine(13)).toContainEqual({ title: '$(info) explain', command: 'billing.explainFigure', arguments: [uri, 'web', '2026-03'] });
        // ec2-discount prices only web's EC2; base-markup prices web's S3 first; plan standard: web is its first group
        expect(onLine(7)[0]).toMatchObject({ command: 'billing.explainFigure', arguments: [uri, 'web', '2026-03'] });
        expect(onLine(6)[0]).toMatchObject({ command: 'billing.explainFigure', arguments: [uri, 'web', '2026-03'] });
        expect(onLine(9)[0]).toMatchObject({ command: 'billing.explainFigure', arguments: [uri, 'web', '2026-03'] });
    });

    it('run billing.showPreview with the document and the group', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        const lenses = await kit.services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.textDocument.uri } });
        const web = lenses!.find(lens => lens.command?.title.startsWith('Pro forma $162.20'));
        expect(web?.command).toMatchObject({ command: 'billing.showPreview', arguments: [document.textDocument.uri, 'web'] });
    });

    it('follow the selected period', async () => {
        const february = createKit({ period: '2026-02' });
        const document = await february.open(TINY_POLICY_TEXT);
        const titles = await lensTitles(february, document);
        expect(titles).toContain('13: Pro forma $115.28 · AWS $80.00 · margin 30.60% · 2026-02');
        // data: 40.00 → 44.00, margin 4.00 / 44.00 = 9.0909…% → 9.09%
        expect(titles).toContain('22: Pro forma $44.00 · AWS $40.00 · margin 9.09% · 2026-02');
        await february.reset();
    });

    it('say "no usage" instead of $0.00, and show line items alone for a group without usage', async () => {
        const text = TINY_POLICY_TEXT.replace('  accounts data-prod\n', '  accounts data-prod\n  fee base flat 10\n')
            + '\naccount 444444444444 "idle"\ngroup idle {\n  primary idle\n  accounts idle\n  plan standard\n}\n';
        const document = await kit.open(text);
        const titles = await lensTitles(kit, document);
        const idleLine = text.split('\n').indexOf('group idle {') + 1;
        expect(titles.find(title => title.startsWith(`${idleLine}:`))).toBe(`${idleLine}: no usage in 2026-03`);
        // The plan counts the idle group but prices only the groups with usage: 110.00 + 55.00.
        expect(titles).toContain('9: used by 3 groups (web, data, idle) · prices $165.00 in 2026-03');
        // data with a flat fee of 10: 55.00 + 10.00 = 65.00; margin 15.00 / 65.00 = 23.076…% → 23.08%
        expect(titles.find(title => title.startsWith('22:'))).toBe('22: Pro forma $65.00 · AWS $50.00 · margin 23.08% · 2026-03');
    });

    it('say "loading data…" while the data loads', async () => {
        const loading = createKit();
        const { URI } = await import('langium');
        const document = loading.services.shared.workspace.LangiumDocumentFactory.fromString(TINY_POLICY_TEXT, URI.file(`${process.cwd()}/test/server/fixtures/loading.billing`));
        loading.services.shared.workspace.LangiumDocuments.addDocument(document);
        await loading.services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        // The build asked for the data (data checks); the load has not finished yet.
        expect(loading.services.server.Data.status().state === 'loading' || loading.services.server.Data.entryFor(document)?.current.state === 'loading').toBe(true);
        const titles = await lensTitles(loading, document);
        expect(new Set(titles.map(title => title.replace(/^\d+: /, '')))).toEqual(new Set(['loading data…']));
        await loading.services.server.Data.entryFor(document)?.settled;
        expect(await lensTitles(loading, document)).toContain('13: Pro forma $162.20 · AWS $130.00 · margin 19.85% · 2026-03');
        await loading.reset();
    });

    it('say why there are no figures: policy errors, no data, period not in the data', async () => {
        const broken = await kit.open(TINY_POLICY_TEXT.replace('plan standard\n  fee', 'plan standrad\n  fee'));
        expect(new Set((await lensTitles(kit, broken)).map(title => title.split(': ').slice(1).join(': ')))).toEqual(new Set(['policy has errors']));

        const noData = createKit({ dataPaths: [`${process.cwd()}/test/server/fixtures/missing.csv`] });
        const missing = await noData.open(TINY_POLICY_TEXT);
        const titles = await lensTitles(noData, missing);
        expect(titles.length).toBe(5);
        for (const title of titles) expect(title).toMatch(/^\d+: no data loaded: .*missing\.csv/);

        const later = createKit({ period: '2026-05' });
        const may = await later.open(TINY_POLICY_TEXT);
        expect(await lensTitles(later, may)).toContain('13: no data for 2026-05 (data has 2026-02..2026-03)');
        // Rules and plans too (they used to say "not used by any group"), and each such lens picks the period.
        expect((await lensTitles(later, may)).sort(byLine)).toEqual([
            '6: no data for 2026-05 (data has 2026-02..2026-03)',
            '7: no data for 2026-05 (data has 2026-02..2026-03)',
            '9: no data for 2026-05 (data has 2026-02..2026-03)',
            '13: no data for 2026-05 (data has 2026-02..2026-03)',
            '22: no data for 2026-05 (data has 2026-02..2026-03)',
        ]);
        const lenses = await later.services.lsp.CodeLensProvider!.provideCodeLens(may, { textDocument: { uri: may.textDocument.uri } });
        expect(new Set(lenses!.map(lens => lens.command?.command))).toEqual(new Set(['billing.selectPeriod']));
        await later.reset();
    });
});

function byLine(a: string, b: string): number {
    return Number(a.split(':')[0]) - Number(b.split(':')[0]);
}
