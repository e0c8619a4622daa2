import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type LangiumDocument, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createBillingServices, type BillingServices } from '../billing-module.js';
import type { Policy } from '../generated/ast.js';
import { loadImportedDocuments } from './import-loader.js';
import { mergedPolicyDocuments } from './policy-documents.js';
import { declarePolicyBoundary, escapesOwnRepository, policyBoundary, repositoryOf } from './workspace-boundary.js';

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
 *
 * Imports are followed through the services' FileSystemProvider (see `loadImportedDocuments`), inside the repositories
 * of the files named (workspace-boundary.ts: each one's nearest folder holding `.git`, else the working directory if it holds the file, else its folder) unless the
 * services declare another boundary; a file named that is a symlink leaving its repository is not read. When `services` are passed and already hold a document for one of
 * the files, that document is reused as it is (an editor's unsaved text wins over the disk).
 */
export async function loadPolicyFiles(files: readonly string[], services?: BillingServices): Promise<LoadedPolicy> {
    const svc = services ?? createBillingServices(NodeFileSystem).Billing;
    const langiumDocuments = svc.shared.workspace.LangiumDocuments;
    const entries: LangiumDocument<Policy>[] = [];
    if (policyBoundary(svc).roots.length === 0) {
        declarePolicyBoundary(svc, { scope: 'repository', roots: [...new Set(files.map(file => repositoryOf(file, process.cwd())))] });
    }

    for (const file of files) {
        const absolute = path.resolve(file);
        const escape = escapesOwnRepository(absolute);
        if (escape) throw new PolicyLoadError(`cannot read ${file}: it resolves to ${escape.real}, outside its repository, so it is not read`);
        const uri = URI.file(absolute);
        let document = langiumDocuments.getDocument(uri) as LangiumDocument<Policy> | undefined;
        if (!document) {
            if (!(await isFile(absolute))) {
                throw new PolicyLoadError(`cannot read ${file}: ${await describeMissing(absolute)}`);
            }
            let text: string;
            try {
                text = await fs.readFile(absolute, 'utf8');
            } catch (error) {
                throw new PolicyLoadError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
            }
            document = svc.shared.workspace.LangiumDocumentFactory.fromString<Policy>(text, uri);
            langiumDocuments.addDocument(document);
        }
        if (!entries.includes(document)) entries.push(document);
    }
    return completeLoad(entries, svc);
}

/** A policy file given as text, with the URI it is known by (imports resolve relative to it). */
export interface PolicyText {
    readonly uri: URI;
    readonly text: string;
}

/**
 * Like `loadPolicyFiles`, for entry files given as text: nothing is read from the disk for them, and their
 * imports are read through the services' FileSystemProvider. With a provider that reads a git revision,
 * this loads a policy as it was at that revision without touching the working tree (`billing diff`).
 */
export async function loadPolicyTexts(files: readonly PolicyText[], services: BillingServices): Promise<LoadedPolicy> {
    const store = services.shared.workspace.LangiumDocuments;
    const entries: LangiumDocument<Policy>[] = [];
    for (const { uri, text } of files) {
        let document = store.getDocument(uri) as LangiumDocument<Policy> | undefined;
        if (!document) {
            document = services.shared.workspace.LangiumDocumentFactory.fromString<Policy>(text, uri);
            store.addDocument(document);
        }
        if (!entries.includes(document)) entries.push(document);
    }
    return completeLoad(entries, services);
}

/** Loads what the entries import, then links and validates everything. */
async function completeLoad(entries: LangiumDocument<Policy>[], svc: BillingServices): Promise<LoadedPolicy> {
    await loadImportedDocuments(entries, svc);
    const documents = mergedPolicyDocuments(entries, svc);
    await svc.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const diagnostics: FileDiagnostic[] = [];
    for (const document of documents) {
        for (const diagnostic of document.diagnostics ?? []) {
            diagnostics.push({ file: document.uri.fsPath, diagnostic });
        }
    }
    return { services: svc, entries, documents, diagnostics };
}

async function describeMissing(file: string): Promise<string> {
    try {
        return (await fs.stat(file)).isDirectory() ? 'is a folder, not a .billing file' : 'not a regular file';
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((error as NodeJS.ErrnoException).code ?? error);
    }
}

async function isFile(file: string): Promise<boolean> {
    try {
        return (await fs.stat(file)).isFile();
    } catch {
        return false;
    }
}
