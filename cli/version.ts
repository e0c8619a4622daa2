import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageName = 'billing-conductor';

interface PackageJson {
    readonly name?: string;
    readonly version?: string;
    readonly homepage?: string;
    readonly repository?: string | { readonly url?: string };
}

let cached: { readonly root: string; readonly manifest: PackageJson } | undefined;

/**
 * The product's package.json, found by walking up from this module: cli/ when run from source,
 * out/ when run from the bundle (import.meta.url is rebuilt from __filename there).
 */
export function productPackage(): { readonly root: string; readonly manifest: PackageJson } {
    if (cached) return cached;
    let directory = path.dirname(fileURLToPath(import.meta.url));
    for (;;) {
        try {
            const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as PackageJson;
            if (manifest.name === packageName) return (cached = { root: directory, manifest });
        } catch {
            // No readable package.json here: keep walking up.
        }
        const parent = path.dirname(directory);
        if (parent === directory) throw new Error(`cannot find the ${packageName} package.json above ${fileURLToPath(import.meta.url)}`);
        directory = parent;
    }
}

export function productVersion(): string {
    return productPackage().manifest.version ?? '0.0.0';
}
