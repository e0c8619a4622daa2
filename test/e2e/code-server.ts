import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Toolchain } from './toolchain.js';

const run = promisify(execFile);

/** Settings that keep the workbench quiet and offline (no welcome page, trust prompt, updates, AI, experiments). */
export const QUIET_USER_SETTINGS = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'editor.codeLens': true,
    'git.enabled': false,
    'npm.autoDetect': 'off',
    'typescript.tsserver.experimental.enableProjectDiagnostics': false,
};

/** An isolated VS Code profile: its own extensions folder, user data and config (nothing in ~). */
export interface Profile {
    readonly root: string;
    readonly extensionsDir: string;
    readonly userDataDir: string;
    readonly config: string;
}

export function createProfile(root: string, settings: Record<string, unknown> = {}): Profile {
    const profile = { root, extensionsDir: path.join(root, 'extensions'), userDataDir: path.join(root, 'user-data'), config: path.join(root, 'config.yaml') };
    fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(profile.extensionsDir, { recursive: true });
    fs.writeFileSync(profile.config, 'auth: none\n');
    fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_USER_SETTINGS, ...settings }, null, 2));
    return profile;
}

function environment(toolchain: Toolchain): NodeJS.ProcessEnv {
    // code-server requires Node 24; its extension host (and so our language server) runs on it too.
    return { ...process.env, PATH: `${toolchain.node24Bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

function profileArgs(profile: Profile): string[] {
    return ['--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir, '--config', profile.config];
}

/** Installs a .vsix into the profile (offline, < 1 s) and returns code-server's --list-extensions --show-versions. */
export async function installExtension(toolchain: Toolchain, profile: Profile, vsix: string): Promise<string> {
    await run(toolchain.codeServer, [...profileArgs(profile), '--install-extension', vsix, '--force'], { env: environment(toolchain), timeout: 120_000 });
    const { stdout } = await run(toolchain.codeServer, [...profileArgs(profile), '--list-extensions', '--show-versions'], { env: environment(toolchain), timeout: 60_000 });
    return stdout.trim();
}

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

function httpStatus(url: string): Promise<number> {
    return new Promise((resolve) => {
        const request = http.get(url, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
        });
        request.on('error', () => resolve(0));
        request.setTimeout(2000, () => {
            request.destroy();
            resolve(0);
        });
    });
}

export interface RunningCodeServer {
    readonly url: string;
    readonly pid: number;
    /** Kills code-server's whole process group (extension host, language server, file watcher): no zombies. */
    stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
        if (child.pid) process.kill(-child.pid, signal);
    } catch {
        // already gone
    }
}
// Whatever happens to the test process (normal exit, Ctrl+C, a runner's SIGTERM), no code-server outlives it.
const killAll = (): void => running.forEach((child) => killGroup(child, 'SIGKILL'));
process.once('exit', killAll);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
        killAll();
        process.exit(code);
    });
}

export interface CodeServerOptions {
    /**
     * Keep VS Code's workspace trust (Restricted Mode for a folder not trusted yet); the profile must also enable it
     * (`security.workspace.trust.enabled`). Default: off (`--disable-workspace-trust`).
     */
    readonly workspaceTrust?: boolean;
}

/** Starts code-server on 127.0.0.1 in its own process group and waits until /healthz answers. */
export async function startCodeServer(toolchain: Toolchain, profile: Profile, workspace: string, logFile: string, options: CodeServerOptions = {}): Promise<RunningCodeServer> {
    const port = await freePort();
    const args = [
        '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
        ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', ...profileArgs(profile), workspace,
    ];
    const log = fs.openSync(logFile, 'a');
    const child = spawn(toolchain.codeServer, args, { env: environment(toolchain), stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    running.add(child);
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => {
        exited = true;
        resolve();
    }));
    const stop = async (): Promise<void> => {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
        await exitedPromise;
        clearTimeout(timer);
        // The extension host and language server may outlive the leader briefly: make sure the group is gone.
        killGroup(child, 'SIGKILL');
        running.delete(child);
    };
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while ((await httpStatus(`${url}/healthz`)) !== 200) {
        if (exited) throw new Error(`code-server exited during start-up (exit code ${child.exitCode}); see ${logFile}`);
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`code-server did not answer on ${url}/healthz within 60 s; see ${logFile}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { url, pid: child.pid!, stop };
}
