// Entry point of the `billing` binary (bundled to out/cli.cjs, launched by bin/billing.cjs).
import { runCli } from './run.js';
import { enableNativeParquet } from '../engine/ingest/native-parquet.js';

// The npm CLI reads Parquet with DuckDB when its optional dependency @duckdb/node-api is installed (native-parquet.ts);
// BILLING_PARQUET_READER=js keeps the pure-JS reader. The extension never turns it on (its .vsix is pure JS).
enableNativeParquet();

// `billing validate | head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
});

// No top-level await: the bundle is CommonJS.
void runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
}).then((exitCode) => {
    process.exitCode = exitCode;
});
