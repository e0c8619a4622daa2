/**
 * Memory of the language server's data cache (`npm run bench:cubemem`, after `npm run build`): prints figures, asserts
 * nothing (issue 18: "switching between 10 data sets keeps every cube alive, RSS ~650 MB with 60 MB files, although
 * the cache holds two").
 *
 * Generates N data sets (`billing generate`'s generator: CUR 1.0 CSV, 3 periods each, every set its own seed and
 * months) into .bench/, then drives the server's data manager and pricing as the editor does when the data setting
 * is switched: for each set, `setDataPaths`, wait for the load, price the period shown and the trend (the preview).
 * After the last switch and a full GC: heap used, RSS, and how many of the N cubes are still reachable (WeakRefs).
 *
 * Options: --sets N (default 10), --rows N (rows per set, default 100000: about 60 MB of CSV), --accounts N (default
 * 2000: many distinct cells, as real exports have; the generator's few accounts fold 100k rows into a few thousand).
 * Run with `node --expose-gc`.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { generateCur } from '../engine/generate/index.js';
import { createBillingServerServices } from '../server/billing-server-module.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
};
const sets = option('sets', 10);
const rows = option('rows', 100_000);
const accounts = option('accounts', 2_000);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const load = (): string => `load ${os.loadavg().map(value => value.toFixed(2)).join(' ')} (${os.cpus().length} cores)`;

async function collect(): Promise<void> {
    for (let round = 0; round < 4; round++) {
        await new Promise(resolve => setTimeout(resolve, 0));
        gc?.();
    }
}

function memory(): string {
    const usage = process.memoryUsage();
    return `heap used ${mb(usage.heapUsed)}, external+array buffers ${mb(usage.external)}, RSS ${mb(usage.rss)}`;
}

async function main(): Promise<void> {
    if (!gc) console.log('(run with node --expose-gc: without it the figures include garbage)');
    const folder = path.resolve('.bench', 'cubemem');
    mkdirSync(folder, { recursive: true });
    const files: string[] = [];
    for (let index = 0; index < sets; index++) {
        const file = path.join(folder, `cur-${rows}-${accounts}-${index}.csv`);
        const year = 2030 + index;
        if (!existsSync(file)) await generateCur({ output: file, rows, accounts, seed: 1000 + index, periods: 3, startPeriod: `${year}-01` });
        files.push(file);
    }
    const size = files.reduce((total, file) => total + statSync(file).size, 0) / files.length;
    console.log(`cube memory: ${sets} data sets of ${rows.toLocaleString('en-US')} rows (${mb(size)} of CSV each), ${load()}`);

    const { Billing } = createBillingServerServices(NodeFileSystem);
    const { Data, Pricing } = Billing.server;
    Data.configure({ dataPaths: [files[0]!], period: null }, folder);
    const text = readFileSync(path.resolve('examples/acme.billing'), 'utf8');
    const document = Billing.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path.join(folder, 'policy.billing')));
    Billing.shared.workspace.LangiumDocuments.addDocument(document);
    await Billing.shared.workspace.DocumentBuilder.build([document], { validation: true });
    await collect();
    console.log(`  before the first load: ${memory()}`);

    const cubes: WeakRef<object>[] = [];
    const started = performance.now();
    for (const [index, file] of files.entries()) {
        Data.setDataPaths([file]);
        const entry = Data.entryFor(document)!;
        await entry.settled;
        if (entry.current.state !== 'ready') throw new Error(`${file}: ${entry.current.state}`);
        cubes.push(new WeakRef(entry.current.data.cube));
        const cells = entry.current.data.cube.cells.length;
        Pricing.pricingFor(document);
        Pricing.trendFor(document);
        if (index === 0) console.log(`  one data set: ${cells.toLocaleString('en-US')} cells; after loading and pricing it: ${memory()}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    await collect();
    const alive = cubes.filter(ref => ref.deref() !== undefined).length;
    console.log(`  after switching ${sets} data sets (${seconds} s) and a full GC: ${memory()}; cubes still reachable ${alive} of ${sets}`);
    console.log(`  (${load()})`);
}

main().catch(error => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
});
