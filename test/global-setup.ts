import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles out/*.cjs once before the tests, so tests that spawn `node bin/billing.cjs` always run the current
 * sources, also under a bare `npx vitest run` (esbuild: well under 2 s).
 */
export default function setup(): void {
    execFileSync(process.execPath, ['scripts/bundle.mjs'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, BUNDLE_QUIET: '1' },
    });
}
