// Bundles the TypeScript entry points into self-contained CommonJS files in out/ (esbuild).
// Usage: node scripts/bundle.mjs [entry-name…]   (no argument: every entry)
import * as esbuild from 'esbuild';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * One line per output file. `external` adds to the modules every bundle leaves out.
 * Add out/server.cjs, out/extension.cjs (external: ['vscode']), out/bench.cjs here.
 */
const entries = {
    // Without the sources' text in its map: bin/billing.cjs enables source maps, and Node reads and parses the map of the
    // bundle as it loads it (6.4 MB with the text, 1.9 MB without): 20-25 ms of CPU at every start. Stack traces still
    // name the TypeScript file, line and column; the text is in the repository.
    cli: { entry: 'cli/main.ts', out: 'out/cli.cjs', sourcesContent: false },
    'ingest-worker': { entry: 'engine/ingest/ingest-worker.ts', out: 'out/ingest-worker.cjs' },
    bench: { entry: 'bench/main.ts', out: 'out/bench.cjs' },
    extension: { entry: 'client/extension.ts', out: 'out/extension.cjs', external: ['vscode'] },
    server: { entry: 'server/main.ts', out: 'out/server.cjs' },
    'bench-lsp': { entry: 'bench/lsp-latency.ts', out: 'out/bench-lsp.cjs' },
    'bench-preview': { entry: 'bench/preview-scale.ts', out: 'out/bench-preview.cjs' },
    'bench-cubemem': { entry: 'bench/cube-memory.ts', out: 'out/bench-cubemem.cjs' },
};

// @duckdb/node-api is a dev-only native module (test oracle): never part of a shipped bundle.
const commonExternal = ['@duckdb/node-api'];

// Langium and our sources are ESM and may use import.meta.url; in a CommonJS bundle it is rebuilt from __filename.
const importMetaUrlShim = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";

async function bundle(name) {
    const spec = entries[name];
    if (!spec) throw new Error(`unknown bundle entry "${name}" (known: ${Object.keys(entries).join(', ')})`);
    const started = performance.now();
    const result = await esbuild.build({
        absWorkingDir: root,
        entryPoints: [spec.entry],
        outfile: spec.out,
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        sourcemap: true,
        sourcesContent: spec.sourcesContent ?? true,
        external: [...commonExternal, ...(spec.external ?? [])],
        banner: { js: importMetaUrlShim },
        define: { 'import.meta.url': '__importMetaUrl' },
        logLevel: 'warning',
        write: false,
    });
    // Temp file + rename: a test run or a CLI started meanwhile never loads a half-written bundle.
    for (const file of result.outputFiles) {
        await fs.mkdir(path.dirname(file.path), { recursive: true });
        const temporary = `${file.path}.${process.pid}.tmp`;
        await fs.writeFile(temporary, file.contents);
        await fs.rename(temporary, file.path);
    }
    const ms = Math.round(performance.now() - started);
    if (!process.env.BUNDLE_QUIET) console.log(`bundled ${spec.out} in ${ms} ms`);
}

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(entries);
// Every entry is attempted, so one broken entry does not hide the state of the others.
for (const name of names) {
    try {
        await bundle(name);
    } catch (error) {
        // esbuild has already printed the located build errors; say which entry they belong to.
        const detail = error && Array.isArray(error.errors) ? `${error.errors.length} error(s) above` : String(error instanceof Error ? error.message : error);
        console.error(`bundle ${name} failed: ${detail}`);
        process.exitCode = 1;
    }
}
