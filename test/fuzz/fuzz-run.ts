// Entry of one process of the full fuzz run (`npm run fuzz`, scripts/fuzz.mjs bundles and starts it):
//   node out/fuzz/fuzz-run.cjs REPO_ROOT RUNS SEED
// Prints one JSON line: inputs, milliseconds, coverage stats and the distinct findings (a finding does not stop the run).
import * as path from 'node:path';
import fc from 'fast-check';
import { fuzzInput, seedTexts } from './policy-arbitraries.js';
import { type Finding, LanguageFuzzHarness } from './language-harness.js';

const BATCH = 500;

async function main(): Promise<void> {
    const [repoRoot = '.', runsText = '1000', seedText = '1'] = process.argv.slice(2);
    const root = path.resolve(repoRoot);
    const runs = Number(runsText);
    const seed = Number(seedText);
    const harness = new LanguageFuzzHarness({ repoRoot: root, dataPaths: [path.join(root, 'test/server/fixtures/tiny-cur.csv')] });
    await harness.ready();
    const arbitrary = fuzzInput(seedTexts(root));
    const findings = new Map<string, Finding & { count: number }>();
    const started = performance.now();
    let done = 0;
    let peakRss = 0;
    for (let batch = 0; done < runs; batch++) {
        const inputs = fc.sample(arbitrary, { numRuns: Math.min(BATCH, runs - done), seed: seed * 1_000_003 + batch });
        for (const input of inputs) {
            for (const finding of await harness.exercise(input)) {
                // One entry per stage and first message line: the same bug found many times counts once, with its smallest text.
                const key = `${finding.stage}: ${finding.message.split('\n')[0]}`;
                const known = findings.get(key);
                if (!known) findings.set(key, { ...finding, count: 1 });
                else {
                    known.count++;
                    if (finding.text.length < known.text.length) findings.set(key, { ...finding, count: known.count });
                }
            }
            done++;
        }
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (process.env.FUZZ_PROGRESS) process.stderr.write(`[seed ${seed}] ${done}/${runs} inputs, ${findings.size} distinct findings\n`);
    }
    const ms = Math.round(performance.now() - started);
    process.stdout.write(JSON.stringify({ seed, inputs: done, ms, peakRssMb: Math.round(peakRss / 2 ** 20), stats: harness.stats, findings: [...findings.values()] }) + '\n');
}

main().catch(error => {
    process.stderr.write(`fuzz run failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
});
