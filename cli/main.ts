// Entry point of the `billing` binary (bundled to out/cli.cjs, launched by bin/billing.cjs).
import { runCli } from './run.js';

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
