import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { productPackage } from './version.js';

/**
 * Absolute URL of a documentation page of this product (SARIF requires absolute help URIs).
 * With a GitHub `repository` in package.json it is the page on GitHub; otherwise the file shipped with the package.
 */
export function documentationUrl(relativePath: string, anchor?: string): string {
    const { root, manifest } = productPackage();
    const fragment = anchor ? `#${encodeURIComponent(anchor)}` : '';
    const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    const github = repository?.match(/github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?\/?$/);
    if (github) return `https://github.com/${github[1]}/${github[2]}/blob/HEAD/${relativePath}${fragment}`;
    return `${pathToFileURL(path.join(root, ...relativePath.split('/'))).href}${fragment}`;
}

/**
 * Where a diagnostic code is explained: its heading `## BIL005 unknown-plan` in docs/diagnostics.md, whose GitHub
 * anchor is `bil005-unknown-plan` (see language/validation/diagnostics-doc.ts). Without the name: `#bil005`.
 */
export function diagnosticHelpUrl(code: string, name?: string): string {
    return documentationUrl('docs/diagnostics.md', (name ? `${code}-${name}` : code).toLowerCase());
}

/** Whether `code` is one of the catalogue's stable codes (Langium's built-in codes have no docs entry). */
export function isCatalogueCode(code: string): boolean {
    return /^BIL\d+$/.test(code);
}
