import * as path from 'node:path';
import { type LangiumDocument, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { CodeAction, Diagnostic, Position, Range } from 'vscode-languageserver-types';
import type { PolicyModel } from '../../engine/policy/model.js';
import { compilePolicy, formatPolicyText, policyDocuments } from '../../language/index.js';
import type { Policy } from '../../language/generated/ast.js';
import { createBillingServerServices } from '../../server/billing-server-module.js';
import type { BillingServerServices } from '../../server/server-services.js';

/**
 * Drives one `.billing` text through the whole language path in process, as the language server would:
 * parse, link and validate (data checks included, with data loaded), compile, format (twice), and the
 * editor features — CodeLens, inlay hints, hover and completion at probe positions, code actions for
 * every diagnostic, symbols, folding, semantic tokens, links, definition, references and rename.
 *
 * A finding is anything that would be a crash in the product: an exception escaping a stage, an
 * exception Langium or the server swallowed (a validation check that threw, a feature the server
 * guard caught, a pricing failure: all logged), or a broken formatting promise (not idempotent,
 * or a formatted policy that compiles to a different model).
 */

export interface FuzzInput {
    readonly text: string;
    /** Fractions of the text length where hover, completion, definition and references are asked. */
    readonly probes: readonly number[];
}

export interface Finding {
    readonly stage: string;
    readonly message: string;
    readonly text: string;
}

export interface HarnessOptions {
    readonly repoRoot: string;
    /** Data the documents are priced with (explicit, as a setting: the policy's own `data` paths are then not read). */
    readonly dataPaths: readonly string[];
}

const SWALLOWED = /An error occurred/;
const MAX_CODE_ACTION_REQUESTS = 12;

/** How deep the inputs went: a fuzz run that never reaches pricing proves little. */
export interface FuzzStats {
    inputs: number;
    /** Without lexer or parser errors. */
    parsed: number;
    /** Without any error diagnostic. */
    valid: number;
    /** Priced on the data (CodeLens figures). */
    priced: number;
    /** Formatted (and re-checked). */
    formatted: number;
}

export class LanguageFuzzHarness {
    readonly services: BillingServerServices;
    private readonly folder: string;
    private counter = 0;
    /** Messages logged (server log, console.error) with the stage that was running. */
    private readonly logged: Array<{ stage: string; message: string }> = [];
    private stage = '';
    readonly stats: FuzzStats = { inputs: 0, parsed: 0, valid: 0, priced: 0, formatted: 0 };

    constructor(options: HarnessOptions) {
        this.services = createBillingServerServices(NodeFileSystem).Billing;
        this.services.server.Data.configure({ dataPaths: [...options.dataPaths], period: null }, options.repoRoot);
        // Fuzz documents live (by URI only, nothing is written) next to the examples, so their imports resolve.
        this.folder = path.join(options.repoRoot, 'examples');
        const log = this.services.server.Log;
        log.error = (message: string): void => { this.logged.push({ stage: this.stage, message }); };
        log.info = (): void => undefined;
    }

    /** Loads the data once (every document shares the same explicit data). */
    async ready(): Promise<void> {
        const document = this.add('account 111111111111 "warm-up"', this.nextUri());
        await this.services.server.Data.entryFor(document)?.settled;
        const state = this.services.server.Data.entryFor(document)?.current;
        await this.remove([document.uri]);
        if (state?.state !== 'ready') throw new Error(`fuzz data not loaded: ${JSON.stringify(state)}`);
    }

    async exercise(input: FuzzInput): Promise<Finding[]> {
        const findings: Finding[] = [];
        const record = (stage: string, error: unknown): void => {
            findings.push({ stage, message: error instanceof Error ? error.stack ?? error.message : String(error), text: input.text });
        };
        const originalConsoleError = console.error;
        console.error = (...args: unknown[]): void => {
            this.logged.push({ stage: this.stage, message: args.map(arg => (arg instanceof Error ? arg.stack ?? arg.message : String(arg))).join(' ') });
        };
        const uris: URI[] = [];
        try {
            await this.run(input, uris, record);
        } finally {
            console.error = originalConsoleError;
            try {
                await this.remove(uris);
            } catch (error) {
                record('remove', error);
            }
            for (const { stage, message } of this.logged.splice(0)) findings.push({ stage: `logged in ${stage}`, message, text: input.text });
        }
        return findings;
    }

    private async run(input: FuzzInput, uris: URI[], record: (stage: string, error: unknown) => void): Promise<void> {
        const { text } = input;
        const step = async <T>(stage: string, run: () => Promise<T> | T): Promise<T | undefined> => {
            this.stage = stage;
            try {
                return await run();
            } catch (error) {
                record(stage, error);
                return undefined;
            }
        };
        const uri = this.nextUri();
        uris.push(uri);
        this.stats.inputs++;
        const document = await step('parse', () => this.add(text, uri));
        if (!document) return;
        await step('build', () => this.services.shared.workspace.DocumentBuilder.build([document], { validation: true }));
        const { lexerErrors, parserErrors } = document.parseResult;
        if (lexerErrors.length === 0 && parserErrors.length === 0) this.stats.parsed++;
        if (!(document.diagnostics ?? []).some(d => d.severity === 1)) this.stats.valid++;
        for (const doc of this.services.shared.workspace.LangiumDocuments.all) {
            for (const diagnostic of doc.diagnostics ?? []) if (SWALLOWED.test(diagnostic.message)) record('validate', diagnostic.message);
        }
        const model = await step('compile', () => compilePolicy(policyDocuments(document, this.services)));
        if (model) await step('json', () => JSON.stringify(model));

        const lsp = this.services.lsp;
        const textDocument = { uri: document.textDocument.uri };
        const end = document.textDocument.positionAt(text.length);
        const whole: Range = { start: { line: 0, character: 0 }, end };
        const positions: Position[] = input.probes.map(f => document.textDocument.positionAt(Math.floor(f * (text.length + 1))));
        await step('codeLens', () => lsp.CodeLensProvider!.provideCodeLens(document, { textDocument }));
        if (this.services.server.Pricing.pricingFor(document, 'shown', false).kind === 'priced') this.stats.priced++;
        await step('inlayHints', () => lsp.InlayHintProvider!.getInlayHints(document, { textDocument, range: whole }));
        for (const position of positions) {
            await step('hover', () => lsp.HoverProvider!.getHoverContent(document, { textDocument, position }));
            await step('completion', () => lsp.CompletionProvider!.getCompletion(document, { textDocument, position }));
            await step('definition', () => lsp.DefinitionProvider?.getDefinition(document, { textDocument, position }));
            await step('references', () => lsp.ReferencesProvider?.findReferences(document, { textDocument, position, context: { includeDeclaration: true } }));
            const renamable = await step('prepareRename', () => lsp.RenameProvider?.prepareRename(document, { textDocument, position }));
            if (renamable) await step('rename', () => lsp.RenameProvider?.rename(document, { textDocument, position, newName: 'renamed-x' }));
        }
        const diagnostics: Diagnostic[] = document.diagnostics ?? [];
        // As an editor asks: for the diagnostics under the cursor (a dozen spread over the text, not every one of thousands).
        const every = Math.max(1, Math.ceil(diagnostics.length / MAX_CODE_ACTION_REQUESTS));
        for (const diagnostic of diagnostics.filter((_d, i) => i % every === 0)) {
            const actions = await step('codeActions', () => lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] },
            }));
            for (const action of (actions ?? []) as CodeAction[]) {
                if (action.edit?.changes) await step('codeActionEdit', () => JSON.stringify(action.edit));
            }
        }
        await step('codeActions', () => lsp.CodeActionProvider!.getCodeActions(document, { textDocument, range: whole, context: { diagnostics } }));
        await step('documentLinks', () => lsp.DocumentLinkProvider?.getDocumentLinks(document, { textDocument }));
        await step('symbols', () => lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument }));
        await step('folding', () => lsp.FoldingRangeProvider?.getFoldingRanges(document, { textDocument }));
        await step('semanticTokens', () => lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument }));

        await this.checkFormatting(text, model, uris, step, record);
    }

    /** Formatting is idempotent, and the formatted policy compiles to the same model (origins aside). */
    private async checkFormatting(
        text: string, model: PolicyModel | undefined, uris: URI[],
        step: <T>(stage: string, run: () => Promise<T> | T) => Promise<T | undefined>, record: (stage: string, error: unknown) => void,
    ): Promise<void> {
        const formatted = await step('format', () => formatPolicyText(text, this.services));
        if (formatted === undefined) return;
        this.stats.formatted++;
        const again = await step('format', () => formatPolicyText(formatted, this.services));
        if (again !== undefined && again !== formatted) record('format-idempotence', `formatting twice differs:\n--- once\n${formatted}\n--- twice\n${again}`);
        if (again === undefined) record('format-idempotence', `the formatted text no longer parses:\n${formatted}`);
        if (!model) return;
        const uri = this.nextUri();
        uris.push(uri);
        const document = await step('format-parse', () => this.add(formatted, uri));
        if (!document) return;
        await step('format-build', () => this.services.shared.workspace.DocumentBuilder.build([document], { validation: false }));
        const after = await step('format-compile', () => compilePolicy(policyDocuments(document, this.services)));
        if (after && JSON.stringify(meaningOf(after)) !== JSON.stringify(meaningOf(model))) {
            record('format-meaning', `formatting changed the compiled policy:\n--- before\n${text}\n--- after\n${formatted}`);
        }
    }

    private nextUri(): URI {
        return URI.file(path.join(this.folder, `__fuzz-${process.pid}-${++this.counter}.billing`));
    }

    private add(text: string, uri: URI): LangiumDocument<Policy> {
        const document = this.services.shared.workspace.LangiumDocumentFactory.fromString<Policy>(text, uri);
        this.services.shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    }

    private async remove(uris: URI[]): Promise<void> {
        if (uris.length > 0) await this.services.shared.workspace.DocumentBuilder.update([], uris);
    }
}

/** A model without origins: formatting moves text, so lines and columns may change, nothing else. */
export function meaningOf(model: PolicyModel): unknown {
    return JSON.parse(JSON.stringify(model, (key, value: unknown) => (key === 'origin' ? undefined : value)));
}
