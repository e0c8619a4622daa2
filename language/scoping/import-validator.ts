import * as path from 'node:path';
import { AstUtils, type LangiumCoreServices, type LangiumDocument, type URI, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { BillingAstType, Import } from '../generated/ast.js';
import { Issues } from '../validation/issue-codes.js';
import { reportIssue } from '../validation/report.js';
import { importsOf, isWellFormedPath, onCommonImportCycle, resolveImportUri } from '../workspace/policy-documents.js';
import { escapesBoundary } from '../workspace/workspace-boundary.js';

/**
 * Checks of `import` statements: the target must lie inside the workspace or repository, exist and be readable (errors) and should not lead back to the
 * importing file (warning; the policy is still well defined since each file is read once).
 */
export class ImportValidator {
    constructor(private readonly services: LangiumCoreServices) {}

    checkImport(statement: Import, accept: ValidationAcceptor): void {
        if (typeof statement.path !== 'string') return; // a syntax error, reported by the parser
        if (!isWellFormedPath(statement.path)) {
            reportIssue(accept, Issues.importNotFound, { node: statement, property: 'path' }, statement.path, statement.path);
            return;
        }
        const document = AstUtils.getDocument(statement);
        const target = resolveImportUri(document, statement.path);
        // Outside the workspace or repository: never opened, not even to tell whether it exists (workspace-boundary.ts).
        const escape = escapesBoundary(target, this.services, document.uri);
        if (escape) {
            reportIssue(accept, Issues.outsideBoundary, { node: statement, property: 'path' }, statement.path, escape.real, escape.scope);
            return;
        }
        const store = this.services.shared.workspace.LangiumDocuments;
        const imported = store.getDocument(target);
        if (!imported) {
            const shown = target.scheme === 'file' ? target.fsPath : target.toString();
            if (!this.isFile(target)) {
                reportIssue(accept, Issues.importNotFound, { node: statement, property: 'path' }, statement.path, shown);
            } else if (!target.path.toLowerCase().endsWith('.billing')) {
                reportIssue(accept, Issues.importNotPolicy, { node: statement, property: 'path' }, statement.path, notPolicyReason(target.path));
            } else {
                // The loader brings every readable import into the store first: a file left out could not be read.
                reportIssue(accept, Issues.importUnreadable, { node: statement, property: 'path' }, statement.path, shown, this.readFailure(target));
            }
            return;
        }
        // A path back exists only within an import cycle: looked for there, not from every import statement.
        const cycle = onCommonImportCycle(imported, document, this.services) ? this.pathBack(imported, document) : undefined;
        if (cycle) {
            reportIssue(accept, Issues.importCycle, { node: statement, property: 'path' },
                [document.uri, ...cycle].map(uri => displayPath(document, uri)));
        }
    }

    /** The URIs from `from` back to `to` along import statements (both ends included), if there is such a path. */
    private pathBack(from: LangiumDocument, to: LangiumDocument): URI[] | undefined {
        const store = this.services.shared.workspace.LangiumDocuments;
        const goal = to.uri.toString();
        const parent = new Map<string, LangiumDocument | undefined>([[from.uri.toString(), undefined]]);
        const queue: LangiumDocument[] = [from];
        while (queue.length > 0) {
            const current = queue.shift()!;
            if (current.uri.toString() === goal) {
                const trail: URI[] = [];
                for (let step: LangiumDocument | undefined = current; step; step = parent.get(step.uri.toString())) {
                    trail.unshift(step.uri);
                }
                return trail;
            }
            for (const { target } of importsOf(current)) {
                const key = target.toString();
                if (parent.has(key)) continue;
                const next = store.getDocument(target);
                if (!next || escapesBoundary(target, this.services, current.uri)) continue;
                parent.set(key, current);
                queue.push(next);
            }
        }
        return undefined;
    }

    private readFailure(uri: URI): string {
        try {
            this.services.shared.workspace.FileSystemProvider.readFileSync(uri);
            return 'it could not be loaded';
        } catch (error) {
            return (error as NodeJS.ErrnoException).code ?? String(error);
        }
    }

    private isFile(uri: URI): boolean {
        try {
            return this.services.shared.workspace.FileSystemProvider.statSync(uri).isFile;
        } catch {
            return false;
        }
    }
}

/** A target as users read it: relative to the importing file's folder when both are files on disk. */
function displayPath(document: LangiumDocument, uri: URI): string {
    if (document.uri.scheme === 'file' && uri.scheme === 'file') {
        const relative = path.relative(path.dirname(document.uri.fsPath), uri.fsPath);
        return relative.length > 0 ? relative : path.basename(uri.fsPath);
    }
    return uri.toString();
}

/** Extensions of the billing data the ingest reads: a CUR or FOCUS file named where a policy is expected. */
export const DATA_EXTENSIONS: readonly string[] = ['.csv', '.csv.gz', '.gz', '.parquet', '.zip'];

function notPolicyReason(target: string): string {
    const lower = target.toLowerCase();
    return DATA_EXTENSIONS.some((extension) => lower.endsWith(extension))
        ? 'billing data (CUR / FOCUS) is not imported: name it with a `data` statement'
        : 'not a policy file: expected a .billing file';
}

export function registerImportValidation(services: LangiumCoreServices): void {
    const validator = new ImportValidator(services);
    const checks: ValidationChecks<BillingAstType> = { Import: validator.checkImport };
    services.validation.ValidationRegistry.register(checks, validator);
}
