import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { IngestError, type SerializedIngestError } from './errors.js';
import type { PartialCells } from './cell-table.js';
import type { IngestTask, TaskResult } from './ingest-task.js';
import type { WorkerReply } from './ingest-worker.js';

/** Runs ingest tasks on worker threads, one task per worker at a time, in submission order. */
export class IngestWorkerPool {
    private readonly idle: Worker[] = [];
    private readonly all: Worker[] = [];
    private readonly queue: Job[] = [];
    private readonly running = new Map<Worker, Job>();
    private nextId = 1;
    private closed = false;

    constructor(private readonly script: string, private readonly size: number) {}

    run(task: IngestTask, onBytes?: (bytes: number) => void): Promise<TaskResult> {
        return new Promise<TaskResult>((resolve, reject) => {
            this.queue.push({ id: this.nextId++, task, onBytes, resolve, reject });
            this.pump();
        });
    }

    /** The shared cells of every worker (each worker is idle when this is called). */
    async flush(): Promise<PartialCells[]> {
        return Promise.all(this.all.map(worker => new Promise<PartialCells>((resolve, reject) => {
            const id = this.nextId++;
            const onMessage = (reply: WorkerReply): void => {
                if (reply.id !== id || reply.type !== 'flushed') return;
                worker.off('message', onMessage);
                worker.off('error', reject);
                resolve(reply.cells);
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.postMessage({ id, flush: true });
        })));
    }

    async close(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        const cancelled = new IngestError('ABORTED', 'the ingest was cancelled');
        for (const job of this.queue.splice(0)) job.reject(cancelled);
        for (const job of this.running.values()) job.reject(cancelled);
        this.running.clear();
        await Promise.all(this.all.map(w => w.terminate()));
    }

    private pump(): void {
        while (!this.closed && this.queue.length > 0) {
            const worker = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : undefined);
            if (!worker) return;
            const job = this.queue.shift()!;
            this.running.set(worker, job);
            worker.postMessage({ id: job.id, task: job.task });
        }
    }

    private spawn(): Worker {
        const worker = new Worker(this.script);
        worker.on('message', (reply: WorkerReply) => {
            const job = this.running.get(worker);
            if (!job || job.id !== reply.id) return;
            if (reply.type === 'bytes') { job.onBytes?.(reply.bytes); return; }
            if (reply.type === 'flushed') return;
            this.running.delete(worker);
            this.idle.push(worker);
            if (reply.type === 'done') job.resolve(reply.result);
            else job.reject('code' in reply.error ? IngestError.fromJSON(reply.error as SerializedIngestError) : new Error(reply.error.message));
            this.pump();
        });
        worker.on('error', error => {
            const job = this.running.get(worker);
            this.running.delete(worker);
            this.all.splice(this.all.indexOf(worker), 1);
            job?.reject(error);
            this.pump();
        });
        this.all.push(worker);
        return worker;
    }
}

interface Job {
    readonly id: number;
    readonly task: IngestTask;
    readonly onBytes?: (bytes: number) => void;
    readonly resolve: (result: TaskResult) => void;
    readonly reject: (error: unknown) => void;
}

/** File name of the bundled worker entry, placed next to the bundle that uses it. */
export const INGEST_WORKER_FILE = 'ingest-worker.cjs';

/**
 * Finds the bundled worker script: $BILLING_INGEST_WORKER, else `ingest-worker.cjs` next to the
 * running bundle (the main script, or this module's bundle). Undefined when running from sources
 * (tests): the ingest then runs in the calling thread.
 */
export function defaultWorkerScript(): string | undefined {
    const candidates: string[] = [];
    const fromEnv = process.env.BILLING_INGEST_WORKER;
    if (fromEnv) candidates.push(fromEnv);
    if (typeof __dirname !== 'undefined') candidates.push(path.join(__dirname, INGEST_WORKER_FILE));
    if (process.argv[1]) candidates.push(path.join(path.dirname(process.argv[1]), INGEST_WORKER_FILE));
    return candidates.find(c => existsSync(c));
}
