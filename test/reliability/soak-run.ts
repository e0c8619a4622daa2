// Entry of `npm run soak` (scripts/soak-lsp.mjs bundles and starts it):  node out/soak/soak-run.cjs REPO_ROOT EDITS RSS_LIMIT_MB [SEED]
import * as path from 'node:path';
import { runSoak } from './lsp-soak.js';

async function main(): Promise<void> {
    const [root = '.', edits = '10000', limit = '400', seed = '20260331'] = process.argv.slice(2);
    const result = await runSoak({ repoRoot: path.resolve(root), edits: Number(edits), rssLimitMb: Number(limit), seed: Number(seed), progressEvery: 1000 });
    const { cancelled } = result;
    console.log(`soak: ${result.edits.toLocaleString('en-US')} edits in ${(result.durationMs / 1000).toFixed(1)} s, ${result.requests.toLocaleString('en-US')} requests`);
    console.log(`soak: cancelled at once ${cancelled.sent} (answered as cancelled ${cancelled.answeredCancelled}, answered anyway ${cancelled.answeredAnyway}); made stale by edits and cancelled by the server ${result.staleAnswers}`);
    console.log(`soak: stale requests on a 1,500-group document, cancelled at once: ${result.staleProbe.answeredCancelled} of ${result.staleProbe.sent} answered as cancelled (slowest answer ${result.staleProbe.slowestMs} ms)`);
    console.log(`soak: server RSS after loading the sample ${result.rssAfterLoadMb} MB, peak ${result.peakRssMb} MB, at the end ${result.finalRssMb} MB (bound ${limit} MB)`);
    if (result.failures.length > 0) {
        console.log(`soak: FAILED\n${result.failures.map(failure => `  ${failure}`).join('\n')}`);
        process.exitCode = 1;
    } else {
        console.log('soak: no crash, no unhandled rejection, no error answer, no error logged; the original text gives the original lenses');
    }
}

main().catch(error => {
    console.error(`soak failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
});
