import { type FileSystemProvider, type LangiumDocument, type URI, UriUtils } from 'langium';
import type { Policy } from '../generated/ast.js';
import { policyDocuments, type DocumentStoreServices } from './policy-documents.js';
import { escapesBoundary, isWithin, realPathOf } from './workspace-boundary.js';

/**
 * Policies billed together. One entry file and its imports is one bill; several entry files are billed together when
 * - a command bills them at once (`billing bill a.billing b.billing`, a folder): the CLI says so (`billTogether`); or
 * - a `billing.json` manifest lists them: `{ "entries": ["teams/a.billing", "teams/b.billing"] }` (paths relative to
 *   the manifest). The nearest `billing.json` above a file decides, in the editor and in `billing validate` alike.
 * Billed together, their accounts, rules, plans and groups form one policy for the checks across statements: an
 * account in two groups, duplicate names and ids, a second auto-associate group (language/validation/policy-context).
 */
export const BILLING_MANIFEST = 'billing.json';

type Services = DocumentStoreServices;

/** Sets declared by the caller (the CLI's command line), per document store; they win over manifests. */
const declared = new WeakMap<object, ReadonlyMap<string, readonly URI[]>>();

/** Declares that `entries` are billed together (each sees the others' statements in cross-statement checks). */
export function billTogether(entries: readonly URI[], services: Services): void {
    const set = new Map<string, readonly URI[]>();
    for (const entry of entries) set.set(entry.toString(), entries);
    declared.set(services.shared.workspace.LangiumDocuments, set);
}

/** A manifest that cannot be read as `{ "entries": [string…] }`. */
export class BillingManifestError extends Error {}

/** The entries a `billing.json` lists, as URIs; throws BillingManifestError naming the file and what is wrong. */
export function readBillingManifest(manifest: URI, fileSystem: FileSystemProvider): URI[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fileSystem.readFileSync(manifest));
    } catch (error) {
        throw new BillingManifestError(`${manifest.fsPath}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const entries = (parsed as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries) || entries.some(entry => typeof entry !== 'string' || !entry.endsWith('.billing'))) {
        throw new BillingManifestError(`${manifest.fsPath}: expected { "entries": ["a.billing", …] } (the .billing entry files billed together, relative to it)`);
    }
    const folder = UriUtils.dirname(manifest);
    return (entries as string[]).map(entry => UriUtils.resolvePath(folder, entry));
}

/** The nearest `billing.json` in the folder of `file` or above it, if any; with `root` (a real path), not above it. */
export function findBillingManifest(file: URI, fileSystem: FileSystemProvider, root?: string): URI | undefined {
    let folder = UriUtils.dirname(file);
    for (;;) {
        if (root !== undefined && folder.scheme === 'file' && !isWithin(realPathOf(folder.fsPath), root)) return undefined;
        const candidate = UriUtils.joinPath(folder, BILLING_MANIFEST);
        try {
            if (fileSystem.existsSync(candidate)) return candidate;
        } catch {
            return undefined;
        }
        const parent = UriUtils.dirname(folder);
        if (parent.toString() === folder.toString()) return undefined;
        folder = parent;
    }
}

/** The entries billed together with `document` (itself included), or undefined when it is billed alone. */
export function billedTogetherEntries(document: LangiumDocument, services: Services): readonly URI[] | undefined {
    const key = document.uri.toString();
    const explicit = declared.get(services.shared.workspace.LangiumDocuments);
    if (explicit) return explicit.get(key);
    if (document.uri.scheme !== 'file') return undefined;
    const fileSystem = services.shared.workspace.FileSystemProvider;
    const manifest = findBillingManifest(document.uri, fileSystem);
    // A manifest or an entry outside the workspace or repository is not read (workspace-boundary.ts).
    if (!manifest || escapesBoundary(manifest, services, document.uri)) return undefined;
    let entries: URI[];
    try {
        entries = readBillingManifest(manifest, fileSystem);
    } catch {
        // A broken manifest is reported by `billing validate`; the editor then checks each file alone.
        return undefined;
    }
    entries = entries.filter(entry => !escapesBoundary(entry, services, manifest));
    return entries.some(entry => entry.toString() === key) ? entries : undefined;
}

/**
 * The documents of the bill `document` is part of: its own policy (itself and its imports) first, then the other
 * entries billed with it and their imports, each once. Entries not loaded are skipped.
 */
export function billedTogetherDocuments(document: LangiumDocument, services: Services): ReadonlyArray<LangiumDocument<Policy>> {
    const own = policyDocuments(document, services);
    const entries = billedTogetherEntries(document, services);
    if (!entries) return own;
    const store = services.shared.workspace.LangiumDocuments;
    const seen = new Set(own.map(doc => doc.uri.toString()));
    const result = [...own];
    for (const entry of entries) {
        const loaded = store.getDocument(entry);
        if (!loaded) continue;
        for (const doc of policyDocuments(loaded, services)) {
            const key = doc.uri.toString();
            if (!seen.has(key)) {
                seen.add(key);
                result.push(doc);
            }
        }
    }
    return result;
}
