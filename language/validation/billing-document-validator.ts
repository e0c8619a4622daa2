import {
    Cancellation, DefaultDocumentValidator, diagnosticData, interruptAndCheck, isOperationCancelled,
    type AstReflection, type DiagnosticInfo, type LangiumCoreServices, type LangiumDocument, type Lexer, type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Account, LineItem, Plan, Rule } from '../generated/ast.js';
import { hadDataChecks } from './data-checks.js';
import { diagnosticAnchor } from './diagnostics-doc.js';
import { applyIgnoreComments } from './ignore-comments.js';
import { type AnyIssue, type IssueDefinition, issueByCode, Issues } from './issue-codes.js';

/** The types a cross-reference of the grammar can point at; each has its own "unknown …" code. */
export type ReferenceTarget = Account['$type'] | Rule['$type'] | Plan['$type'] | LineItem['$type'];

export const UNKNOWN_REFERENCE_ISSUES: Readonly<Record<ReferenceTarget, IssueDefinition<[name: string]>>> = {
    Account: Issues.unknownAccount,
    Rule: Issues.unknownRule,
    Plan: Issues.unknownPlan,
    LineItem: Issues.unknownLineItem,
};

const LINKING_CODES: ReadonlySet<string> = new Set(Object.values(UNKNOWN_REFERENCE_ISSUES).map(issue => issue.code));

/**
 * Gives lexer, parser and linker errors catalogue codes (BIL001–BIL006) instead of Langium's
 * `lexing-error` / `parsing-error` / `linking-error`, so that every diagnostic of the language,
 * whatever its origin, has a documented code in `code` and in `data.code`.
 */
export class BillingDocumentValidator extends DefaultDocumentValidator {
    protected readonly reflection: AstReflection;
    private readonly lexer: Lexer;
    /**
     * Where docs/diagnostics.md is (see `setDiagnosticDocs`): each catalogue diagnostic then links to its section
     * (LSP `codeDescription`). Unset (the CLI, which prints its own links): no link.
     */
    private docsBase: string | undefined;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
        this.lexer = services.parser.Lexer;
    }

    /** The URL of docs/diagnostics.md (without anchor) that `codeDescription` links point into. */
    setDiagnosticDocs(base: string | undefined): void {
        this.docsBase = base;
    }

    // Same steps as Langium's, with the "stop after" tests keyed on the catalogue codes.
    override async validateDocument(
        document: LangiumDocument, options: ValidationOptions = {}, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
    ): Promise<Diagnostic[]> {
        const parseResult = document.parseResult;
        const diagnostics: Diagnostic[] = [];
        await interruptAndCheck(cancelToken);
        if (!options.categories || options.categories.includes('built-in')) {
            this.processLexingErrors(parseResult, diagnostics, options);
            if (options.stopAfterLexingErrors && diagnostics.some(d => d.code === Issues.lexingError.code)) {
                return diagnostics;
            }
            this.processParsingErrors(parseResult, diagnostics, options);
            if (options.stopAfterParsingErrors && diagnostics.some(d => d.code === Issues.parsingError.code)) {
                return diagnostics;
            }
            this.processLinkingErrors(document, diagnostics, options);
            if (options.stopAfterLinkingErrors && diagnostics.some(d => LINKING_CODES.has(String(d.code)))) {
                return diagnostics;
            }
        }
        try {
            diagnostics.push(...await this.validateAst(parseResult.value, options, cancelToken));
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            // A failing check is a bug of ours; the other diagnostics are still worth showing.
            console.error('An error occurred during validation:', error);
        }
        await interruptAndCheck(cancelToken);
        const withIgnores = applyIgnoreComments(document, this.lexer, diagnostics, options.categories, hadDataChecks(document));
        return this.docsBase ? withIgnores.map(diagnostic => withCodeDescription(diagnostic, this.docsBase!)) : withIgnores;
    }

    protected override processLexingErrors(...args: Parameters<DefaultDocumentValidator['processLexingErrors']>): void {
        const [, diagnostics] = args;
        const start = diagnostics.length;
        super.processLexingErrors(...args);
        for (const diagnostic of diagnostics.slice(start)) withCode(diagnostic, Issues.lexingError);
    }

    protected override processParsingErrors(...args: Parameters<DefaultDocumentValidator['processParsingErrors']>): void {
        const [, diagnostics] = args;
        const start = diagnostics.length;
        super.processParsingErrors(...args);
        for (const diagnostic of diagnostics.slice(start)) {
            withCode(diagnostic, Issues.parsingError);
            diagnostic.message = Issues.parsingError.message(diagnostic.message);
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        for (const reference of document.references) {
            const linkingError = reference.error;
            if (!linkingError) continue;
            const { info } = linkingError;
            const issue = this.unknownReferenceIssue(info);
            const refText = info.reference.$refText;
            const diagnosticInfo: DiagnosticInfo<typeof info.container, string> = {
                node: info.container,
                range: reference.$refNode?.range,
                property: info.property,
                index: info.index,
                code: issue?.code,
                data: {
                    ...diagnosticData(issue?.code ?? 'linking-error'),
                    containerType: info.container.$type,
                    property: info.property,
                    refText,
                },
            };
            // Keep Langium's text for the rare failures that are not a missing name (e.g. a cycle).
            const message = issue && linkingError.message.startsWith('Could not resolve reference')
                ? issue.message(refText)
                : linkingError.message;
            diagnostics.push(this.toDiagnostic(issue?.severity ?? 'error', message, diagnosticInfo));
        }
    }

    private unknownReferenceIssue(info: Parameters<AstReflection['getReferenceType']>[0]): IssueDefinition<[name: string]> | undefined {
        let target: string;
        try {
            target = this.reflection.getReferenceType(info);
        } catch {
            return undefined;
        }
        return (UNKNOWN_REFERENCE_ISSUES as Readonly<Record<string, IssueDefinition<[name: string]>>>)[target];
    }
}

/**
 * The diagnostic with a link to its code's section of docs/diagnostics.md: the heading `## BIL005 unknown-plan` has the
 * anchor `#bil005-unknown-plan` (language/validation/diagnostics-doc.ts).
 */
export function withCodeDescription(diagnostic: Diagnostic, docsBase: string): Diagnostic {
    const issue = typeof diagnostic.code === 'string' ? issueByCode(diagnostic.code) : undefined;
    if (!issue || diagnostic.codeDescription) return diagnostic;
    return { ...diagnostic, codeDescription: { href: `${docsBase}#${diagnosticAnchor(issue)}` } };
}

function withCode(diagnostic: Diagnostic, issue: AnyIssue): void {
    diagnostic.code = issue.code;
    diagnostic.data = diagnosticData(issue.code);
}
