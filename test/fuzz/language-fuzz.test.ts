import * as path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzInput, seedTexts } from './policy-arbitraries.js';
import { type Finding, LanguageFuzzHarness } from './language-harness.js';

const repoRoot = path.resolve('.');
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** The slice stops after this long on a slow machine (the inputs it ran still count); the full run has no limit. */
const TIME_BOX_MS = Number(process.env.FUZZ_TIME_BOX_MS ?? 40_000);

describe('fuzzing the language path (CI slice; the full run is `npm run fuzz`)', () => {
    const harness = new LanguageFuzzHarness({ repoRoot, dataPaths: [path.join(repoRoot, 'test/server/fixtures/tiny-cur.csv')] });
    beforeAll(() => harness.ready());

    it(`${RUNS} generated and mutated texts: no exception anywhere, formatting idempotent and meaning-preserving`, async () => {
        const started = performance.now();
        let count = 0;
        await fc.assert(fc.asyncProperty(fuzzInput(seedTexts(repoRoot)), async input => {
            count++;
            const findings: Finding[] = await harness.exercise(input);
            expect(findings.map(f => `${f.stage}: ${f.message}`)).toEqual([]);
        }), { numRuns: RUNS, seed: 20260331, interruptAfterTimeLimit: TIME_BOX_MS, markInterruptAsFailure: false });
        console.log(`fuzz: ${count} inputs in ${Math.round(performance.now() - started)} ms; ${JSON.stringify(harness.stats)}`);
        expect(count).toBeGreaterThanOrEqual(Math.min(RUNS, 300));
        // The slice reaches pricing and formatting, not only the parser's error recovery.
        expect(harness.stats.priced).toBeGreaterThan(count / 10);
        expect(harness.stats.formatted).toBeGreaterThan(count / 5);
    }, 600_000);
});
