import * as path from 'node:path';
import type { Cube } from '../engine/cube/types.js';
import { prepareCube, priceReport } from '../engine/price/index.js';
import { compileLoadedPolicy, loadPolicyFiles } from '../language/index.js';

/**
 * Prices an ingested cube with examples/acme.billing (the bench data uses the example accounts):
 * times prepareCube + priceReport, not the policy compilation.
 */
export async function priceCube(cube: Cube): Promise<{ ms?: number; note?: string }> {
    const loaded = await loadPolicyFiles([path.resolve('examples/acme.billing')]);
    const compiled = compileLoadedPolicy(loaded);
    if (!compiled.model) return { note: `examples/acme.billing does not compile (${compiled.errors.length} errors): pricing skipped` };
    const started = performance.now();
    const report = priceReport(prepareCube(cube), compiled.model);
    const ms = Math.round(performance.now() - started);
    return { ms, note: `acme.billing: ${report.groups.length} group-periods, total ${report.total.proformaCost}` };
}
