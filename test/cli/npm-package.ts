import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './cli-harness.js';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Any request to a registry fails at once: an install must not need one. */
export const offline = ['--offline', '--registry', 'http://127.0.0.1:9/', '--no-audit', '--no-fund', '--loglevel', 'error'];

/** Environment of an npm run that nothing installed earlier can help: a fresh cache in `work`, no user configuration. */
export function isolatedNpmEnv(work: string): NodeJS.ProcessEnv {
    return {
        ...process.env,
        npm_config_cache: path.join(work, 'cache'),
        npm_config_userconfig: path.join(work, 'npmrc'),
        npm_config_update_notifier: 'false',
    };
}

export function runIn(work: string, command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...isolatedNpmEnv(work), ...env } });
    if (result.error) throw result.error;
    return result;
}

/**
 * `npm pack` of the repository into `work` (of the bundles test/global-setup.ts has just built; --ignore-scripts:
 * `prepack` would rebuild). Returns the tarball and the files it holds.
 */
export function packPackage(work: string): { readonly tarball: string; readonly files: string[] } {
    const packed = runIn(work, npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work, ...offline], repoRoot);
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(work, entry!.filename), files: entry!.files.map((file) => file.path).sort() };
}
