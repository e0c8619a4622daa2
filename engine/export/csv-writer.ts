import { AtomicFile } from '../files/index.js';
import { spreadsheetSafe } from '../report/escape-text.js';

const FLUSH_AT = 1 << 20;

/**
 * A CSV file written row by row (RFC 4180 quoting; gzip when the name ends in .gz) through an atomic
 * file (engine/files): a failed or interrupted export never leaves a partial file, over a good one or
 * beside it, and every write error rejects with a WriteFileError.
 */
export class CsvFileWriter {
    private chunk = '';

    /** `raw`: fields as given; else text a spreadsheet would evaluate as a formula gets a leading `'` (amounts never). */
    private constructor(private readonly file: AtomicFile, private readonly raw: boolean) {}

    get target(): string {
        return this.file.target;
    }

    static async open(target: string, raw = false): Promise<CsvFileWriter> {
        return new CsvFileWriter(await AtomicFile.open(target), raw);
    }

    /** Adds one row; returns a promise (to await) only when a full chunk went to the stream. */
    row(fields: readonly string[]): Promise<void> | undefined {
        let line = '';
        for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + csvField(this.raw ? fields[i]! : spreadsheetSafe(fields[i]!));
        this.chunk += line + '\n';
        return this.chunk.length >= FLUSH_AT ? this.flush() : undefined;
    }

    private async flush(): Promise<void> {
        const text = this.chunk;
        this.chunk = '';
        await this.file.write(text);
    }

    /** Writes what is left, closes the file and moves it over the target. */
    async commit(): Promise<void> {
        await this.flush();
        await this.file.commit();
    }

    /** Drops the temporary file; the target is left as it was. */
    async abort(): Promise<void> {
        await this.file.abort();
    }
}

export function csvField(value: string): string {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
