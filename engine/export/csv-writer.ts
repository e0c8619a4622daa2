import { AtomicFile } from '../files/index.js';
import { spreadsheetSafe } from '../report/escape-text.js';

const FLUSH_AT = 1 << 20;

/**
 * A CSV file written row by row (RFC 4180 quoting; gzip when the name ends in .gz) through an atomic
 * file (engine/files): a failed or interrupted export never leaves a partial file, over a good one or
 * beside it, and every write error rejects with a WriteFileError.
 */
export class CsvFileWriter {
    /**
     * Lines not yet written, encoded as they come into a chunk of FLUSH_AT bytes handed whole to the file (no string
     * of the chunk is made: joining a megabyte of lines and encoding it cost more than the rows' rendering).
     */
    private chunk = Buffer.allocUnsafeSlow(FLUSH_AT);
    private used = 0;
    /** The last chunk's write, until it is done. */
    private draining: Promise<void> | undefined;
    private aborted = false;
    private readonly fields: string[] = [];

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
        const out = this.fields;
        out.length = fields.length;
        for (let i = 0; i < fields.length; i++) out[i] = this.field(fields[i]!);
        return this.line(out.join(','));
    }

    /** A field's CSV text as `row` writes it (quoted when needed; spreadsheet guard unless raw). */
    field(value: string): string {
        // Most fields start with a letter or digit and hold no quote, comma or line break: written as they are.
        return isPlainField(value) ? value : csvField(this.raw ? value : spreadsheetSafe(value));
    }

    /** Adds one row given as its CSV text: fields made by `field`, joined by commas, no line break. */
    line(text: string): Promise<void> | undefined {
        // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair: 4 for 2 units).
        const most = 3 * text.length + 1;
        if (this.used + most > FLUSH_AT) {
            if (most > FLUSH_AT) return this.flush().then(() => this.file.write(Buffer.from(`${text}\n`, 'utf8')));
            const flushed = this.flush();
            this.append(text);
            return flushed;
        }
        this.append(text);
        return undefined;
    }

    private append(text: string): void {
        this.used += this.chunk.write(text, this.used, 'utf8');
        this.chunk[this.used++] = 10;
    }

    /**
     * Hands the chunk to the file (which keeps it until written: the next rows go to a new one). A caller may add rows
     * before awaiting (the export awaits once per input chunk): while a write waits for the stream to drain, the next
     * chunks wait behind it, so that the stream has one drain listener at a time.
     */
    private flush(): Promise<void> {
        if (this.used === 0) return this.draining ?? Promise.resolve();
        const bytes = this.chunk.subarray(0, this.used);
        this.chunk = Buffer.allocUnsafeSlow(FLUSH_AT);
        this.used = 0;
        const write = this.draining ? this.draining.then(() => (this.aborted ? undefined : this.file.write(bytes))) : this.file.write(bytes);
        const tracked: Promise<void> = write.finally(() => {
            if (this.draining === tracked) this.draining = undefined;
        });
        this.draining = tracked;
        return tracked;
    }

    /** Writes what is left, closes the file and moves it over the target. */
    async commit(): Promise<void> {
        await this.flush();
        await this.file.commit();
    }

    /** Drops the temporary file; the target is left as it was. */
    async abort(): Promise<void> {
        this.aborted = true;
        await this.file.abort();
    }
}

export function csvField(value: string): string {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A field neither rule changes: empty, or not starting with a character `spreadsheetSafe` looks at (`=`, `+`, `-`,
 * `@`, tab, CR, LF) and holding no `"`, `,`, CR or LF. One pass over the characters instead of two regular expressions
 * per field (an export writes tens of millions of fields).
 */
function isPlainField(value: string): boolean {
    const n = value.length;
    if (n === 0) return true;
    const first = value.charCodeAt(0);
    if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10) return false;
    for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c === 34 || c === 44 || c === 13 || c === 10) return false;
    }
    return true;
}
