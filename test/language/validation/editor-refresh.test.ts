import { DocumentState, URI } from 'langium';
import { setTextDocument } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, reset, services } from './helpers.js';

/** The editor's way to build: open text documents, then `update` with the changed URIs. */
async function edit(files: Record<string, string>, version: number): Promise<void> {
    const uris = Object.entries(files).map(([path, text]) => {
        const uri = `file:///editor/${path}`;
        setTextDocument(services, TextDocument.create(uri, 'billing', version, text));
        return URI.parse(uri);
    });
    await services.shared.workspace.DocumentBuilder.update(uris, []);
}

function diagnosticsOf(path: string) {
    const document = services.shared.workspace.LangiumDocuments.getDocument(URI.parse(`file:///editor/${path}`));
    expect(document?.state).toBe(DocumentState.Validated);
    return document?.diagnostics ?? [];
}

describe('warnings that depend on importing files, in the editor', () => {
    afterEach(reset);

    it('refresh the imported file when the importing file changes', async () => {
        const rates = 'rule a { markup 5% }\nrule b { markup 6% }\nplan p { rules a }\nplan q { rules b }';
        const main = (plan: string) => `import "rates.billing"\naccount 111111111111 "web"\ngroup web { primary web accounts web plan ${plan} }`;
        await edit({ 'rates.billing': rates, 'main.billing': main('p') }, 1);
        expect(codes(diagnosticsOf('rates.billing'))).toEqual([Issues.unusedPlan.code]);
        expect(diagnosticsOf('rates.billing')[0].message).toContain("'q'");

        await edit({ 'main.billing': main('q') }, 2);
        expect(codes(diagnosticsOf('rates.billing'))).toEqual([Issues.unusedPlan.code]);
        expect(diagnosticsOf('rates.billing')[0].message).toContain("'p'");
        expect(diagnosticsOf('main.billing')).toEqual([]);
    });
});
