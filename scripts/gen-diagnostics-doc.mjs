// Regenerates docs/diagnostics.md from the diagnostic catalogue (language/validation/issue-codes.ts).
// Usage: node scripts/gen-diagnostics-doc.mjs        (test/language/validation/diagnostics-doc.test.ts checks it is current)
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The renderer and the catalogue are plain TypeScript without runtime dependencies: bundle them in memory.
const bundle = await build({
    entryPoints: [join(root, 'language/validation/diagnostics-doc.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'error',
});
const source = bundle.outputFiles[0].text;
const { renderDiagnosticsDoc, DIAGNOSTICS_DOC_PATH } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
const target = join(root, DIAGNOSTICS_DOC_PATH);
writeFileSync(`${target}.tmp`, renderDiagnosticsDoc());
renameSync(`${target}.tmp`, target);
console.log(`wrote ${DIAGNOSTICS_DOC_PATH}`);
