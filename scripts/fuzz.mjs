// The full fuzz run of the language path: `npm run fuzz` (default 100,000 inputs), or
//   node scripts/fuzz.mjs [--runs N] [--workers W] [--seed S]
// Bundles test/fuzz/fuzz-run.ts (esbuild), runs W processes with different seeds, prints the figures
// (inputs, time, how deep the inputs went, distinct findings) and writes the findings, each with its
// smallest text, to out/fuzz/findings.json. Exit 1 when anything was found.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const runs = option('runs', 100_000);
const workers = Math.max(1, option('workers', availableParallelism()));
const seed = option('seed', 20260331);
const bundle = path.join(root, 'out', 'fuzz', 'fuzz-run.cjs');

await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['test/fuzz/fuzz-run.ts'],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['@duckdb/node-api'],
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    logLevel: 'warning',
});

console.log(`fuzz: ${runs.toLocaleString('en-US')} inputs on ${workers} process${workers === 1 ? '' : 'es'} (seed ${seed})`);
const started = performance.now();
const share = (k) => Math.floor(runs / workers) + (k < runs % workers ? 1 : 0);
const results = await Promise.all(Array.from({ length: workers }, (_x, k) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, root, String(share(k)), String(seed + k)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => {
        const line = out.trim().split('\n').pop() ?? '';
        try {
            resolve(JSON.parse(line));
        } catch {
            reject(new Error(`fuzz process ${k} ended with code ${code} without a result`));
        }
    });
})));

const seconds = (performance.now() - started) / 1000;
const inputs = results.reduce((n, r) => n + r.inputs, 0);
const stats = {};
for (const r of results) for (const [key, value] of Object.entries(r.stats)) stats[key] = (stats[key] ?? 0) + value;
const findings = results.flatMap((r) => r.findings.map((f) => ({ ...f, seed: r.seed })));
const percent = (n) => `${((100 * n) / Math.max(1, stats.inputs)).toFixed(1)}%`;
console.log(`fuzz: ${inputs.toLocaleString('en-US')} inputs in ${seconds.toFixed(1)} s (${Math.round(inputs / seconds)} inputs/s), peak RSS per process ${Math.max(...results.map((r) => r.peakRssMb))} MB`);
console.log(`fuzz: without syntax errors ${percent(stats.parsed)}, without error diagnostics ${percent(stats.valid)}, priced ${percent(stats.priced)}, formatted ${percent(stats.formatted)}`);
await fs.mkdir(path.dirname(bundle), { recursive: true });
await fs.writeFile(path.join(root, 'out', 'fuzz', 'findings.json'), JSON.stringify(findings, null, 2));
if (findings.length === 0) {
    console.log('fuzz: 0 exceptions, 0 formatting failures');
} else {
    console.log(`fuzz: ${findings.length} distinct finding${findings.length === 1 ? '' : 's'} (out/fuzz/findings.json):`);
    for (const f of findings) console.log(`  [${f.stage}] ×${f.count} ${f.message.split('\n')[0]}\n    text: ${JSON.stringify(f.text.slice(0, 300))}`);
    process.exitCode = 1;
}
