import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { spreadsheetSafe } from '../report/escape-text.js';

const FLUSH_AT = 1 << 20;

/**
 * A CSV file written row by row (RFC 4180 quoting; gzip when the name ends in .gz) into a temporary file
 * next to the target, renamed over it by `commit`: a failed export never leaves a partial file over a
 * good one.
 */
export class CsvFileWriter {
    private chunk = '';
    private failure: unknown;
    private readonly sink: Writable;
    private readonly finished: Promise<unknown>;

    private constructor(
        readonly target: string,
        private readonly temporary: string,
        private readonly file: ReturnType<typeof createWriteStream>,
        gzip: Writable | undefined,
        private readonly raw: boolean,
    ) {
        this.sink = gzip ?? file;
        this.finished = once(file, 'close').catch((error: unknown) => { this.failure ??= error; });
        file.on('error', (error) => { this.failure = error; });
        gzip?.on('error', (error) => { this.failure = error; });
    }

    /** `raw`: fields as given; else text a spreadsheet would evaluate as a formula gets a leading `'` (amounts never). */
    static async open(target: string, raw = false): Promise<CsvFileWriter> {
        await mkdir(path.dirname(target), { recursive: true });
        const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
        const file = createWriteStream(temporary);
        await once(file, 'open');
        const gzip = /\.gz$/i.test(target) ? createGzip({ level: 6 }) : undefined;
        if (gzip) gzip.pipe(file);
        return new CsvFileWriter(target, temporary, file, gzip, raw);
    }

    /** Adds one row; returns a promise (to await) only when a full chunk went to the stream. */
    row(fields: readonly string[]): Promise<void> | undefined {
        let line = '';
        for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + csvField(this.raw ? fields[i]! : spreadsheetSafe(fields[i]!));
        this.chunk += line + '\n';
        return this.chunk.length >= FLUSH_AT ? this.flush() : undefined;
    }

    private async flush(): Promise<void> {
        if (this.failure) throw this.failure;
        const text = this.chunk;
        this.chunk = '';
        if (!this.sink.write(text)) await once(this.sink, 'drain');
    }

    /** Writes what is left, closes the file and moves it over the target. */
    async commit(): Promise<void> {
        await this.flush();
        this.sink.end();
        await this.finished;
        if (this.failure) throw this.failure;
        await rename(this.temporary, this.target);
    }

    /** Drops the temporary file; the target is left as it was. */
    async abort(): Promise<void> {
        this.sink.destroy();
        this.file.destroy();
        await rm(this.temporary, { force: true });
    }
}

export function csvField(value: string): string {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
