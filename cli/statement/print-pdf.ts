import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../errors.js';

/**
 * PDF through headless Chromium (`--print-to-pdf`): the statement's HTML is the one layout, printed by the engine
 * that renders it on screen, so HTML and PDF never diverge and no PDF library (with its own fonts and layout) ships
 * with billing. Chromium is found at $BILLING_CHROMIUM, else the usual install paths; without it the command fails
 * with a message saying how to get it.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
    const configured = env.BILLING_CHROMIUM?.trim();
    if (configured) return existsSync(configured) ? configured : undefined;
    return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** Prints `html` to `output` (atomically: a temporary file in the same folder, then a rename). */
export async function printPdf(html: string, output: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
    const chromium = findChromium(env);
    if (!chromium) {
        throw new CliError(
            env.BILLING_CHROMIUM?.trim()
                ? `--format pdf: BILLING_CHROMIUM=${env.BILLING_CHROMIUM} does not exist`
                : '--format pdf needs Chromium or Chrome (headless) and none was found: install it (Debian/Ubuntu: apt-get install -y chromium) or set BILLING_CHROMIUM to its path; --format html writes the same statement to print from a browser',
        );
    }
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'billing-statement-'));
    const page = path.join(work, 'statement.html');
    const temporary = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.${Date.now()}.tmp`);
    try {
        await fs.writeFile(page, html, 'utf8');
        const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage',
            '--no-pdf-header-footer', `--user-data-dir=${path.join(work, 'profile')}`, `--print-to-pdf=${temporary}`, pathToFileURL(page).href];
        const { code, stderr } = await run(chromium, args);
        const written = await fs.stat(temporary).then((stat) => stat.size > 0, () => false);
        if (code !== 0 || !written) throw new CliError(`--format pdf: ${chromium} did not print the statement (exit ${code})${stderr ? `: ${lastLine(stderr)}` : ''}`);
        await fs.rename(temporary, output).catch((error: NodeJS.ErrnoException) => {
            throw new CliError(`cannot write ${output}: ${error.code ?? String(error)}`);
        });
    } finally {
        await fs.rm(temporary, { force: true }).catch(() => undefined);
        await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
            if (stderr.length < 20_000) stderr += chunk.toString('utf8');
        });
        child.on('error', (error) => reject(new CliError(`--format pdf: cannot run ${command}: ${error.message}`)));
        child.on('close', (code) => resolve({ code, stderr }));
    });
}

function lastLine(text: string): string {
    const lines = text.trim().split('\n').filter((line) => line.trim());
    return lines[lines.length - 1] ?? '';
}
