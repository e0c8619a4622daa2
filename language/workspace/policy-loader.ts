import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type LangiumDocument, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createBillingServices, type BillingServices } from '../billing-module.js';
import { isPolicy, type Policy } from '../generated/ast.js';

/** A diagnostic attached to the file it was found in. */
export interface FileDiagnostic {
    /** Absolute path of the file. */
    readonly file: string;
    readonly diagnostic: Diagnostic;
}

export interface LoadedPolicy {
    readonly services: BillingServices;
    /** The documents named by the caller, in the order given. */
    readonly entries: readonly LangiumDocument<Policy>[];
    /** Every document loaded: the entries and, transitively, what they import. */
    readonly documents: readonly LangiumDocument<Policy>[];
    /** Diagnostics of every loaded document (lexer, parser, linker and validation). */
    readonly diagnostics: readonly FileDiagnostic[];
}

/** I/O problem while loading (missing file, unreadable file): a usage error, not a diagnostic. */
export class PolicyLoadError extends Error {}

/**
 * Loads `.billing` files and everything they import, links and validates them.
 * `files` are absolute or cwd-relative paths of `.billing` files (callers expand folders and globs).
 */
export async function loadPolicyFiles(files: readonly string[], services?: BillingServices): Promise<LoadedPolicy> {
    const svc = services ?? createBillingServices(NodeFileSystem).Billing;
    const langiumDocuments = svc.shared.workspace.LangiumDocuments;
    const loaded = new Map<string, LangiumDocument<Policy>>();
    const entries: LangiumDocument<Policy>[] = [];

    const load = async (file: string): Promise<LangiumDocument<Policy>> => {
        const absolute = path.resolve(file);
        const existing = loaded.get(absolute);
        if (existing) return existing;
        let text: string;
        try {
            text = await fs.readFile(absolute, 'utf8');
        } catch (error) {
            throw new PolicyLoadError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
        const uri = URI.file(absolute);
        const document = svc.shared.workspace.LangiumDocumentFactory.fromString<Policy>(text, uri);
        langiumDocuments.addDocument(document);
        loaded.set(absolute, document);
        const root = document.parseResult.value;
        if (isPolicy(root)) {
            for (const imp of root.imports) {
                if (!imp.path) continue;
                const target = path.resolve(path.dirname(absolute), imp.path);
                // A missing import is reported by validation at the import statement, not here.
                if (await isFile(target)) await load(target);
            }
        }
        return document;
    };

    for (const file of files) entries.push(await load(file));
    const documents = [...loaded.values()];
    await svc.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const diagnostics: FileDiagnostic[] = [];
    for (const document of documents) {
        for (const diagnostic of document.diagnostics ?? []) {
            diagnostics.push({ file: document.uri.fsPath, diagnostic });
        }
    }
    return { services: svc, entries, documents, diagnostics };
}

async function isFile(file: string): Promise<boolean> {
    try {
        return (await fs.stat(file)).isFile();
    } catch {
        return false;
    }
}
