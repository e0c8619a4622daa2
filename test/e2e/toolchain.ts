import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where scripts/e2e-setup.sh installed the e2e toolchain (it writes toolchain.json there). */
export interface Toolchain {
    readonly node24Bin: string;
    readonly codeServer: string;
    readonly codeServerVersion: string;
    readonly chromium: string;
}

export function e2eHome(): string {
    return process.env.BILLING_E2E_HOME ?? path.join(os.homedir(), '.cache', 'billing-conductor-e2e');
}

/** The provisioned toolchain, or an error that says how to provision it (never a silent skip). */
export function loadToolchain(): Toolchain {
    const file = path.join(e2eHome(), 'toolchain.json');
    let toolchain: Toolchain;
    try {
        toolchain = JSON.parse(fs.readFileSync(file, 'utf8')) as Toolchain;
    } catch {
        throw new Error(`The e2e toolchain is not provisioned (${file} is missing): run 'bash scripts/e2e-setup.sh' (or 'npm run test:e2e', which runs it first).`);
    }
    for (const [what, file] of [['Node 24', path.join(toolchain.node24Bin, 'node')], ['code-server', toolchain.codeServer], ['Chromium', toolchain.chromium]] as const) {
        if (!fs.existsSync(file)) throw new Error(`The e2e toolchain is incomplete: ${what} is missing at ${file}. Run 'bash scripts/e2e-setup.sh' again.`);
    }
    return toolchain;
}

/** Chromium flags: headless, no sandbox (CI runs as root), and nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];
