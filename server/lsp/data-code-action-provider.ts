import type { LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isAccount, isPolicy, isRule } from '../../language/generated/ast.js';
import { BillingCodeActionProvider, type QuickFix } from '../../language/lsp/billing-code-action-provider.js';
import { editOf, endOfLine, lineBreakOf } from '../../language/lsp/text-edits.js';
import { Issues } from '../../language/validation/index.js';
import type { DataVocabulary } from '../../engine/cube/data-vocabulary.js';
import type { BillingServerServices } from '../server-services.js';

/**
 * The language's quick fixes plus those the loaded data makes clear:
 * - BIL101–BIL103 code not in the data → the closest code of the data (usage types and operations
 *   of the rule's service first);
 * - BIL003 unknown account name that the data knows (CUR 2.0 / FOCUS account names) → declare it
 *   with its id.
 */
export class DataCodeActionProvider extends BillingCodeActionProvider {
    constructor(private readonly server: BillingServerServices) {
        super(server);
    }

    protected override fixesFor(code: string, diagnostic: Diagnostic, document: LangiumDocument): readonly QuickFix[] {
        const fixes = [...super.fixesFor(code, diagnostic, document)];
        const vocabulary = this.vocabularyOf(document);
        if (!vocabulary) return fixes;
        const service = this.nodeAt(document, diagnostic, isRule)?.services[0];
        const values = (entries: { value: string }[]): string[] => entries.map(entry => entry.value);
        switch (code) {
            case Issues.serviceNotInData.code:
                return [...fixes, ...this.replaceValue(diagnostic, document, values(vocabulary.services()))];
            case Issues.usageTypeNotInData.code:
                return [...fixes, ...this.replaceValue(diagnostic, document, [...values(vocabulary.usageTypes(service)), ...values(vocabulary.usageTypes())])];
            case Issues.operationNotInData.code:
                return [...fixes, ...this.replaceValue(diagnostic, document, [...values(vocabulary.operations(service)), ...values(vocabulary.operations())])];
            case Issues.unknownAccount.code:
                return [...fixes, ...this.declareFromData(diagnostic, document, vocabulary)];
            default:
                return fixes;
        }
    }

    private vocabularyOf(document: LangiumDocument): DataVocabulary | undefined {
        const entry = this.server.server.Data.entryFor(document, false);
        return entry?.current.state === 'ready' ? entry.current.data.vocabulary : undefined;
    }

    /** `account <id> "<name>"` after the document's last account declaration (or at its top). */
    private declareFromData(diagnostic: Diagnostic, document: LangiumDocument, vocabulary: DataVocabulary): QuickFix[] {
        const name = unquote(document.textDocument.getText(diagnostic.range));
        const matches = [...vocabulary.accounts].filter(([, account]) => account.name === name);
        if (matches.length !== 1) return [];
        const [id] = matches[0]!;
        const root = document.parseResult.value;
        if (!isPolicy(root)) return [];
        const text = document.textDocument.getText();
        const lineBreak = lineBreakOf(text);
        const accounts = root.statements.filter(isAccount);
        const last = accounts[accounts.length - 1]?.$cstNode ?? root.imports[root.imports.length - 1]?.$cstNode;
        const at = last ? endOfLine(text, last.end) : 0;
        const prefix = at === text.length && text.length > 0 && !text.endsWith('\n') ? lineBreak : '';
        return [{
            title: `Declare account ${id} "${name}" (from the data)`,
            edits: [editOf(document.textDocument, { start: at, end: at }, `${prefix}account ${id} ${JSON.stringify(name)}${lineBreak}`)],
        }];
    }
}

function unquote(text: string): string {
    return /^(".*"|'.*')$/s.test(text) ? text.slice(1, -1) : text;
}
