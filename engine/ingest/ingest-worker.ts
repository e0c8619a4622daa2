import { parentPort } from 'node:worker_threads';
import { CellTable, type PartialCells } from './cell-table.js';
import { IngestError } from './errors.js';
import { runIngestTask, type IngestTask } from './ingest-task.js';

/**
 * Worker-thread entry of the ingest (bundled as out/ingest-worker.cjs): runs one task per message
 * and posts progress in batches, then the plain-data result or a serialised error. Shared tasks add
 * to one table per worker, posted on a flush request.
 */

export type WorkerRequest =
    | { readonly id: number; readonly task: IngestTask }
    /** Returns (and resets) the cells of the shared tasks this worker ran. */
    | { readonly id: number; readonly flush: true };
export type WorkerReply =
    | { readonly id: number; readonly type: 'flushed'; readonly cells: PartialCells }
    | { readonly id: number; readonly type: 'bytes'; readonly bytes: number }
    | { readonly id: number; readonly type: 'done'; readonly result: Awaited<ReturnType<typeof runIngestTask>> }
    | { readonly id: number; readonly type: 'error'; readonly error: ReturnType<IngestError['toJSON']> | { readonly message: string } };

const PROGRESS_BATCH = 8 << 20;

/** The buffers of partial cells, moved rather than copied to the main thread (the worker no longer uses them). */
function transferablesOf(cells: PartialCells): ArrayBuffer[] {
    const buffers = new Set<ArrayBuffer>();
    for (const view of [cells.arena, cells.offsets, cells.acc]) if (view.buffer instanceof ArrayBuffer && view.byteLength > 0) buffers.add(view.buffer);
    return [...buffers];
}

if (parentPort) {
    const port = parentPort;
    let shared = new CellTable();
    port.on('message', (request: WorkerRequest) => {
        if ('flush' in request) {
            // The table's buffers move to the main thread (no copy); this worker starts a new table.
            const cells = shared.toPartial();
            shared = new CellTable();
            port.postMessage({ id: request.id, type: 'flushed', cells }, transferablesOf(cells));
            return;
        }
        let pending = 0;
        const onBytes = (bytes: number): void => {
            pending += bytes;
            if (pending >= PROGRESS_BATCH) { port.postMessage({ id: request.id, type: 'bytes', bytes: pending }); pending = 0; }
        };
        runIngestTask(request.task, { onBytes }, shared).then(
            result => {
                if (pending > 0) port.postMessage({ id: request.id, type: 'bytes', bytes: pending });
                port.postMessage({ id: request.id, type: 'done', result }, [...(result.cells ? transferablesOf(result.cells) : []), ...(result.identities ? [result.identities.buffer as ArrayBuffer] : [])]);
            },
            (error: unknown) => {
                const serialized = error instanceof IngestError ? error.toJSON() : { message: error instanceof Error ? error.stack ?? error.message : String(error) };
                port.postMessage({ id: request.id, type: 'error', error: serialized });
            },
        );
    });
}
