import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * scripts/e2e-setup.sh is started by `npm run test:e2e` and runs a nested npm on Node 24. The outer npm exports
 * variables describing its own run (npm_config_user_agent names Node 20; code-server's postinstall refuses it).
 * This runs the setup script's own cleaning function under a real `npm run` and checks what a nested npm inherits.
 */
const forget = new URL('../../scripts/lib/forget-outer-npm.sh', import.meta.url).pathname;

function underNpmRun(script: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'billing-npm-env-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'outer', version: '1.0.0', private: true, scripts: { show: script } }));
    return execFileSync('npm', ['run', '--silent', 'show'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, npm_config_registry: 'https://registry.example.invalid/' },
    });
}

function envUnderNpmRun(script: string): Record<string, string> {
    return Object.fromEntries(underNpmRun(script).split('\0').filter(Boolean).map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)];
    }));
}

describe('e2e provisioning under npm run', () => {
    it('the outer npm run does export its Node in npm_config_user_agent (the failure this guards against)', () => {
        const env = envUnderNpmRun('env -0');
        expect(env.npm_config_user_agent).toContain(`node/${process.version}`);
        expect(env.npm_config_local_prefix).toBeDefined();
    });

    it('after forget_outer_npm_run, nothing names the outer run or toolchain, and registry settings are kept', () => {
        const env = envUnderNpmRun(`bash -c 'source "${forget}"; forget_outer_npm_run; env -0'`);
        const leaked = Object.keys(env).filter((name) =>
            /^npm_(config_(user_agent|node_gyp|npm_version|nodedir|prefix|global_prefix|local_prefix)|node_execpath|execpath|command|lifecycle_|package_)/.test(name),
        );
        expect(leaked).toEqual([]);
        expect(env.NODE).toBeUndefined();
        expect(env.INIT_CWD).toBeUndefined();
        expect(env.npm_config_registry).toBe('https://registry.example.invalid/');
    });

    it('a nested npm started after forgetting describes the Node it runs on', () => {
        const agent = underNpmRun(`bash -c 'source "${forget}"; forget_outer_npm_run; npm config get user-agent'`).trim();
        expect(agent).not.toContain(`node/${process.version}`);
        expect(agent).toMatch(/node\/\{node-version\}/);
    });
});
