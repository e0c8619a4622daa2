import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSoak } from './lsp-soak.js';

/** The CI slice of the LSP soak (the full run: `npm run soak`, 10,000 edits). The built server comes from the test setup. */
describe('LSP soak (500 edits against out/server.cjs with the sample loaded)', () => {
    it('no crash, no error answer or log, cancellation honoured, RSS within 400 MB, the original text gives the original lenses', async () => {
        const result = await runSoak({ repoRoot: path.resolve('.'), edits: 500, rssLimitMb: 400, seed: 7 });
        expect(result.failures).toEqual([]);
        expect(result.requests).toBeGreaterThan(500);
        // Requests cancelled right after sending end, each, as cancelled or answered — never as an error.
        expect(result.cancelled.answeredCancelled + result.cancelled.answeredAnyway).toBe(result.cancelled.sent);
        // On a document whose build takes a while, a cancelled (stale) request is answered as cancelled.
        expect(result.staleProbe.answeredCancelled).toBe(result.staleProbe.sent);
        expect(result.peakRssMb).toBeLessThan(400);
    }, 180_000);
});
