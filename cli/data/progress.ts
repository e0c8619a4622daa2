import type { TextSink } from '../context.js';

/** Below this, an ingest is quick enough that a bar would only flicker. */
const SHOW_AFTER_MS = 400;
const REDRAW_MS = 100;
const WIDTH = 30;

export interface Progress {
    update(done: number, total: number): void;
    /** Erases the bar (the line is reused by what follows). */
    done(): void;
}

const silent: Progress = { update: () => undefined, done: () => undefined };

/**
 * A progress bar on stderr for long reads, drawn only when stderr is a terminal: logs and CI output
 * never receive carriage returns.
 */
export function progressBar(stderr: TextSink, label: string, now: () => number = Date.now): Progress {
    if ((stderr as { isTTY?: boolean }).isTTY !== true) return silent;
    const started = now();
    let lastDraw = 0;
    let drawn = false;
    return {
        update(done, total) {
            const time = now();
            if (time - started < SHOW_AFTER_MS || time - lastDraw < REDRAW_MS || total <= 0) return;
            lastDraw = time;
            drawn = true;
            stderr.write(`\r${renderBar(label, done, total)}`);
        },
        done() {
            if (drawn) stderr.write('\r\x1b[2K');
        },
    };
}

/** `reading data [#######·······] 42%  118.0 / 280.5 MB` */
export function renderBar(label: string, done: number, total: number): string {
    const fraction = Math.min(1, Math.max(0, total > 0 ? done / total : 0));
    const filled = Math.round(fraction * WIDTH);
    const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
    return `${label} [${'#'.repeat(filled)}${'·'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${mb(done)} / ${mb(total)} MB`;
}
