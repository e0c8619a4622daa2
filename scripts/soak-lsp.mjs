// The LSP soak: `npm run soak` (10,000 random edits against out/server.cjs with the bundled sample loaded), or
//   node scripts/soak-lsp.mjs [--edits N] [--rss-limit-mb MB] [--seed S]
// Builds out/server.cjs, bundles test/reliability/soak-run.ts (esbuild) and runs it; exit 1 on any failure.
// What it checks and the memory bound: test/reliability/lsp-soak.ts, ARCHITECTURE.md (Reliability).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const bundle = path.join(root, 'out', 'soak', 'soak-run.cjs');

execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), 'server'], { cwd: root, stdio: 'inherit' });
await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['test/reliability/soak-run.ts'],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
});
try {
    execFileSync(process.execPath, [bundle, root, option('edits', '10000'), option('rss-limit-mb', '400'), option('seed', '20260331')], { cwd: root, stdio: 'inherit' });
} catch (error) {
    process.exitCode = typeof error.status === 'number' ? error.status : 1;
}
