/**
 * Where the time between a keystroke and the updated CodeLens goes (issue 11: goal p95 ≤ 300 ms): with
 * BILLING_TRACE_LATENCY set, the server logs each step of an edit in milliseconds after the change reached it
 * (`[latency] acme.billing v12: built +38 ms`, `priced +52 ms`, `code lens asked +268 ms`, `answered +271 ms`).
 * Off by default: nothing is recorded or logged.
 */
const enabled = !!process.env.BILLING_TRACE_LATENCY;
const changedAt = new Map<string, { at: number; version: number }>();
let log: ((message: string) => void) | undefined;

export function traceLatencyTo(sink: (message: string) => void): void {
    log = sink;
}

/** A change of the document reached the server. */
export function traceChange(uri: string, version: number): void {
    if (enabled) changedAt.set(uri, { at: performance.now(), version });
}

/** One step of the latest change's way to the screen. */
export function traceStep(uri: string, step: string): void {
    if (!enabled || !log) return;
    const change = changedAt.get(uri);
    if (!change) return;
    log(`[latency] ${uri.slice(uri.lastIndexOf('/') + 1)} v${change.version}: ${step} +${(performance.now() - change.at).toFixed(0)} ms`);
}
