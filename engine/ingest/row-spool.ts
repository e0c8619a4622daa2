import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { fieldText, type RowSink, type ScanState } from './csv-scanner.js';
import { focusBillingEntity, periodOf } from './focus-mapping.js';
import { Field, type ColumnMapping } from './formats.js';

/**
 * The export's row spool (issue 15 goal 5): while the ingest's workers scan a CSV file (or a byte range of it) for
 * the bill, they copy the raw text of the rows a group's pro forma CUR may need into a temporary CSV file, so that
 * the export's streaming pass reads those rows instead of the whole input again.
 *
 * Which rows: every row of an account that may be the group's (`SpoolSpec`: a superset of what the export's `select`
 * takes, decided from the usage account alone), and, per task, each period's first row and its first AWS-sold row
 * (the export's template rows are the first of these over the whole input, so they are among the tasks' firsts),
 * and every row whose period is not a date (`streamRows` delivers them unasked). Rows keep their file order and
 * their raw bytes (quotes, line breaks in quoted fields, CRLF); each spool file starts with the file's header. The
 * export's `select` then picks from the spool exactly the rows it picks from the whole input: the spool holds them
 * all, in order, and the rows it skips change none of the state `select` keeps (periods seen, AWS-sold rows seen).
 * Row and line numbers in the spool are not the input's: an export that fails on a spool reads the input instead
 * (engine/export/proforma-export.ts), so that errors name the input's rows.
 */

export interface SpoolSpec {
    /** Folder the spool files are written to (the caller creates it and removes it, with its files, on every exit path). */
    readonly dir: string;
    /** Accounts that may be the group's in some period (members, primary). */
    readonly accounts: readonly string[];
    /** The group is the auto-associate one: every account but `excluded` may be its. */
    readonly allAccounts: boolean;
    /** With `allAccounts`: accounts another group holds in every period (never the group's). */
    readonly excluded: readonly string[];
}

/** Bytes buffered before a write. */
const BUFFER_BYTES = 1 << 20;

export class RowSpool {
    readonly path: string;
    private fd: number | undefined;
    private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    private used = 0;
    private readonly accounts: ReadonlySet<string>;
    private readonly excluded: ReadonlySet<string>;
    private readonly allAccounts: boolean;
    /** Rows are spooled whatever their fields say (the key columns cannot be told apart: duplicated, absent). */
    private readonly everyRow: boolean;
    private readonly focus: boolean;
    private readonly hasEntity: boolean;
    private readonly periodsSeen = new Set<string>();
    private readonly awsPeriodsSeen = new Set<string>();
    private readonly periods = new ByteMemo<string | undefined>();
    private readonly accountWanted = new ByteMemo<boolean>();
    /**
     * The spool could not be written (no space in the temporary directory…): it is dropped, the ingest goes on, and
     * the export reads this file instead (a spool is an optimisation, never a reason to fail).
     */
    private failed = false;
    rows = 0;

    constructor(spec: SpoolSpec, private readonly mapping: ColumnMapping, header: readonly string[]) {
        this.accounts = new Set(spec.accounts);
        this.excluded = new Set(spec.excluded);
        this.allAccounts = spec.allAccounts;
        const column = mapping.fieldColumn;
        // Each key field must have its own slot in the ingest's scan (a column read for two fields fills one slot only).
        const ownSlot = (field: Field): boolean => column[field]! < 0 || mapping.columnField[column[field]!] === field;
        this.everyRow = mapping.duplicateColumns.length > 0 || column[Field.Period]! < 0 || column[Field.Account]! < 0
            || ![Field.Period, Field.Account, Field.BillingEntity, Field.ProviderName, Field.PublisherName, Field.InvoiceIssuer].every(ownSlot);
        this.focus = mapping.format === 'focus';
        this.hasEntity = column[Field.BillingEntity]! >= 0;
        this.path = path.join(spec.dir, `${randomUUID()}.csv`);
        try {
            this.fd = openSync(this.path, 'wx', 0o600);
        } catch {
            this.failed = true;
        }
        this.append(Buffer.from(header.map((name) => `"${name.replace(/"/g, '""')}"`).join(',') + '\n', 'utf8'));
    }

    /** A sink that hands each row to `inner` (the ingest) and spools it when the export may need it. */
    wrap(inner: RowSink): RowSink {
        return {
            row: (buf: Buffer, st: ScanState): void => {
                inner.row(buf, st);
                if (!this.failed && this.wanted(buf, st)) {
                    this.rows++;
                    this.append(buf.subarray(st.rowStart, st.rowEnd));
                }
            },
        };
    }

    /** Writes what is buffered and closes the file; returns its path, or undefined when the spool was dropped. */
    finish(): string | undefined {
        this.flush();
        if (this.failed) {
            this.discard();
            return undefined;
        }
        this.close();
        return this.path;
    }

    /** Closes and deletes the file (after an error). */
    discard(): void {
        this.close();
        try {
            rmSync(this.path, { force: true });
        } catch {
            // The caller's folder removal takes it.
        }
    }

    private close(): void {
        if (this.fd === undefined) return;
        const fd = this.fd;
        this.fd = undefined;
        try {
            closeSync(fd);
        } catch {
            this.failed = true;
        }
    }

    private wanted(buf: Buffer, st: ScanState): boolean {
        if (this.everyRow) return true;
        // The period and the account are decided once per distinct field bytes (a few values per file): no string per row.
        const period = this.periods.get(buf, st.start[Field.Period]!, st.end[Field.Period]!, st.escaped[Field.Period]!, this.periodOfText);
        if (period === undefined) return true;
        let wanted = this.accountWanted.get(buf, st.start[Field.Account]!, st.end[Field.Account]!, st.escaped[Field.Account]!, this.isGroupAccount);
        if (!this.periodsSeen.has(period)) {
            this.periodsSeen.add(period);
            wanted = true;
        }
        if (!this.awsPeriodsSeen.has(period) && this.entity(buf, st) === 'AWS') {
            this.awsPeriodsSeen.add(period);
            wanted = true;
        }
        return wanted;
    }

    /** The row's period as `streamRows`' select has it; undefined for a text that is not a date there (delivered unasked). */
    private readonly periodOfText = (text: string): string | undefined => {
        const period = periodOf(text);
        return period === undefined || text.slice(0, 7) !== period ? undefined : period;
    };

    private readonly isGroupAccount = (text: string): boolean => {
        const account = this.focus && text === 'NULL' ? '' : text;
        return this.accounts.has(account) || (this.allAccounts && !this.excluded.has(account));
    };

    /** The billing entity as `rowValues` derives it (row-key.ts), and `streamRows` for its select. */
    private entity(buf: Buffer, st: ScanState): string {
        if (this.focus) {
            return focusBillingEntity(this.text(buf, st, Field.ProviderName, true), this.text(buf, st, Field.PublisherName, true), this.text(buf, st, Field.InvoiceIssuer, true));
        }
        return this.hasEntity ? this.text(buf, st, Field.BillingEntity, false) : 'AWS';
    }

    private text(buf: Buffer, st: ScanState, field: Field, nullIsEmpty: boolean): string {
        if (this.mapping.fieldColumn[field]! < 0) return '';
        const value = fieldText(buf, st.start[field]!, st.end[field]!, st.escaped[field]!);
        return nullIsEmpty && value === 'NULL' ? '' : value;
    }

    private append(bytes: Buffer): void {
        if (this.failed) return;
        if (this.used + bytes.length > this.buffer.length) {
            this.flush();
            if (bytes.length > this.buffer.length) {
                this.write(bytes);
                return;
            }
        }
        bytes.copy(this.buffer, this.used);
        this.used += bytes.length;
    }

    private flush(): void {
        if (this.used === 0) return;
        this.write(this.buffer.subarray(0, this.used));
        this.used = 0;
    }

    private write(bytes: Buffer): void {
        if (this.failed) return;
        try {
            let at = 0;
            while (at < bytes.length) at += writeSync(this.fd!, bytes, at, bytes.length - at);
        } catch {
            this.failed = true;
            this.discard();
        }
    }
}

/**
 * A function of a field's text, computed once per distinct bytes (FNV-1a hash, bytes compared on a hit); a field
 * holding `""` escapes is decoded each time. Bounded: cleared beyond 4,096 distinct values.
 */
class ByteMemo<T> {
    private readonly table = new Map<number, { readonly bytes: Buffer; readonly value: T }[]>();
    private size = 0;

    get(buf: Buffer, start: number, end: number, escaped: number, compute: (text: string) => T): T {
        if (escaped) return compute(fieldText(buf, start, end, escaped));
        let hash = 0x811c9dc5;
        for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
        const bucket = this.table.get(hash);
        const length = end - start;
        if (bucket) {
            for (const entry of bucket) {
                const bytes = entry.bytes;
                if (bytes.length !== length) continue;
                let same = true;
                for (let i = 0; i < length; i++) {
                    if (bytes[i] !== buf[start + i]) { same = false; break; }
                }
                if (same) return entry.value;
            }
        }
        const value = compute(buf.toString('utf8', start, end));
        if (this.size >= 4096) { this.table.clear(); this.size = 0; }
        const entry = { bytes: Buffer.from(buf.subarray(start, end)), value };
        if (bucket && this.table.has(hash)) bucket.push(entry);
        else this.table.set(hash, [entry]);
        this.size++;
        return value;
    }
}
