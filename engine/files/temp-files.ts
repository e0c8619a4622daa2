import { rmSync } from 'node:fs';

/**
 * The temporary files this process is writing (atomic writes in progress). On SIGINT, SIGTERM or SIGHUP
 * they are removed before the process ends the way the signal would have ended it; on a plain exit
 * (process.exit mid-write) too. The handlers are installed only while a temporary file exists, so a
 * process that writes nothing keeps Node's default signal behaviour.
 */

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

export function trackTemporary(file: string): void {
    live.add(file);
    if (!installed) install();
}

export function untrackTemporary(file: string): void {
    live.delete(file);
    if (live.size === 0 && installed) uninstall();
}

/** Removes every tracked file now (synchronously: signal and exit handlers cannot wait). */
export function removeTemporaries(): void {
    for (const file of live) {
        try {
            rmSync(file, { force: true });
        } catch {
            // Nothing more can be done while the process ends.
        }
    }
    live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
    removeTemporaries();
    uninstall();
    // Ends the process as the signal does by default (exit status 128 + signal number).
    process.kill(process.pid, signal);
}

function onExit(): void {
    removeTemporaries();
}

function install(): void {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('exit', onExit);
    installed = true;
}

function uninstall(): void {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', onExit);
    installed = false;
}
