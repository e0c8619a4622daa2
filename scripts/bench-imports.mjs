#!/usr/bin/env node
// Bench lines (printed, not timed tests) for issue 18 item 8: `billing validate` of a 1,000-file MSP policy, goal
// ≤ 2 s of validation: `hub`, a shared rate card imported by 999 customer files (the usual layout), and `chain`, the
// same files each also importing the previous customer (a chain as deep as the policy). Run after `npm run build`:
// `npm run bench:imports [-- FILES]`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = Number(process.argv[2] ?? 1000);
for (const shape of ['hub', 'chain']) bench(shape);

function bench(shape) {
const dir = mkdtempSync(path.join(tmpdir(), 'billing-bench-imports-'));
try {
    writeFileSync(path.join(dir, 'rates.billing'), 'rule standard { markup 7% }\nplan standard { rules standard }\n');
    for (let i = 1; i < files; i++) {
        const id = String(100000000000 + i);
        const previous = shape === 'chain' && i > 1 ? `import "customer-${i - 1}.billing"\n` : '';
        writeFileSync(path.join(dir, `customer-${i}.billing`),
            `import "rates.billing"\n${previous}account ${id} "customer-${i}"\ngroup customer-${i} { primary ${id} accounts ${id} plan standard }\n`);
    }
    const cli = path.join(root, 'bin', 'billing.cjs');
    const startup = time(() => execFileSync(process.execPath, [cli, '--version'], { stdio: 'ignore' }));
    const elapsed = time(() => {
        try { execFileSync(process.execPath, [cli, 'validate', dir, '--format', 'json'], { stdio: 'ignore', maxBuffer: 1 << 30 }); } catch (error) { if (error.status !== 1) throw error; }
    });
    console.log(`import graph, ${shape}: ${files} files: validate ${(elapsed / 1000).toFixed(2)} s, of which CLI start-up ${(startup / 1000).toFixed(2)} s (goal ≤ 2 s of validation)`);
} finally {
    rmSync(dir, { recursive: true, force: true });
}
}

function time(run) {
    const started = performance.now();
    run();
    return performance.now() - started;
}
