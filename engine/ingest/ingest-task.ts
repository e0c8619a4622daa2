import type { DataFormat } from '../cube/types.js';
import type { ReportIssue } from '../report/types.js';
import { CellTable, type PartialCells } from './cell-table.js';
import { readCsv } from './csv-reader.js';
import { ScanState } from './csv-scanner.js';
import { CubeRowSink, periodNumberOfText, type CurrencySighting } from './cube-row-sink.js';
import { Field, FIELD_COUNT, isProformaExportHeader, mapColumns, type ColumnMapping } from './formats.js';
import { IdentityCollector } from './line-item-identity.js';
import { CommitmentLedgerSink, type RawLedger } from './commitment-ledger-sink.js';
import { readParquet } from './parquet-reader.js';
import { RowSpool, type SpoolSpec } from './row-spool.js';

/**
 * One unit of ingest work — a file, or a byte range of a big plain CSV — run in a worker thread or
 * in the calling thread. Its result is plain data (cloneable) merged by the orchestrator.
 */

export interface IngestTask {
    readonly file: string;
    /** Rows starting in [start, end) of a plain CSV file. */
    readonly range?: { readonly start: number; readonly end: number };
    /** Row groups of a Parquet file: the `index`-th of `count` contiguous shares (all when absent). */
    readonly rowGroups?: { readonly index: number; readonly count: number };
    /** `YYYY-MM` periods to keep; all when absent. */
    readonly periods?: readonly string[];
    /** Bytes per read (default 4 MB). */
    readonly chunkSize?: number;
    /**
     * Add the cells to the executor's shared table (returned later by a flush) instead of returning
     * them: many files then cost one partial per thread, not one per file. Ranges of a split file are
     * never shared, since they may be discarded.
     */
    readonly shared?: boolean;
    /** Collect the rows' line item identities (an ingest of several files checks them for overlaps). */
    readonly identities?: boolean;
    /** CSV only: spool the rows a group's export may need to a file in `spool.dir` (row-spool.ts; the result names it). */
    readonly spool?: SpoolSpec;
}

export interface TaskResult {
    readonly file: string;
    readonly format: DataFormat;
    readonly formatLabel: string;
    /** The task's cells; undefined when they went to the shared table. */
    readonly cells?: PartialCells;
    readonly rows: number;
    readonly currency?: CurrencySighting;
    readonly issues: readonly ReportIssue[];
    readonly firstRowOffset: number;
    readonly stopOffset: number;
    /** The rows' line item identity hashes, when asked for and the file has the identity columns. */
    readonly identities?: Float64Array;
    /** The task's share of the commitment ledger (CUR files with commitment or eligible lines). */
    readonly ledger?: RawLedger;
    /** The spool file written (`IngestTask.spool`): the header, then the task's spooled rows in file order. */
    readonly spool?: string;
}

export interface TaskContext {
    readonly signal?: AbortSignal;
    readonly onBytes?: (bytes: number) => void;
}

export function isParquetPath(file: string): boolean {
    return /\.parquet$/i.test(file);
}

export async function runIngestTask(task: IngestTask, context: TaskContext = {}, sharedTable?: CellTable): Promise<TaskResult> {
    const table = task.shared && sharedTable ? sharedTable : new CellTable();
    const periodFilter = task.periods ? new Set(task.periods.map(periodNumberOfText)) : undefined;
    let sink: CubeRowSink | undefined;
    let mapping: ColumnMapping | undefined;
    let proformaExport = false;
    let identities: IdentityCollector | undefined;
    let ledger: CommitmentLedgerSink | undefined;
    const start = (header: string[]): { state: ScanState; sink: CubeRowSink } => {
        mapping = mapColumns(header, task.file);
        if (isParquetPath(task.file)) mapping = withoutProductMap(mapping);
        proformaExport = isProformaExportHeader(header);
        if (task.identities && mapping.hasIdentity) identities = new IdentityCollector();
        if (mapping.format !== 'focus') ledger = new CommitmentLedgerSink(mapping);
        sink = new CubeRowSink(table, mapping, task.file, periodFilter, identities, ledger);
        return { state: new ScanState(task.file, mapping.columnField, FIELD_COUNT, 2, header), sink };
    };
    let firstRowOffset = 0;
    let stopOffset = 0;
    let spool = undefined as RowSpool | undefined;
    let spoolPath: string | undefined;
    if (isParquetPath(task.file)) {
        await readParquet(task.file, {
            signal: context.signal, onBytes: context.onBytes, rowGroups: task.rowGroups, mapKeys: PRODUCT_MAP_KEYS,
            onHeader: header => {
                const opened = start(header);
                // The identity columns are read only when identities are collected (they are unique per row).
                const columns = header.filter((_name, i) => {
                    const field = mapping!.columnField[i];
                    // The CUR 2.0 `product` map is nested: reading it would take every row off the columnar path (its keys
                    // the cube reads come as the flat columns of PRODUCT_MAP_KEYS instead).
                    if (field === Field.ProductMap) return false;
                    return field >= 0 && (identities !== undefined || (field !== Field.LineItemId && field !== Field.TimeInterval));
                });
                // With a commitment ledger the keyed path renders the key fields of every row too (`keysPerRow`).
                return { columns, ...opened, keyed: opened.sink };
            },
        });
    } else {
        try {
            const read = await readCsv(task.file, {
                range: task.range, chunkSize: task.chunkSize, signal: context.signal, onBytes: context.onBytes,
                onHeader: (header, firstLine) => {
                    const opened = start(header);
                    opened.state.line = firstLine;
                    if (!task.spool) return opened;
                    spool = new RowSpool(task.spool, mapping!, header);
                    return { state: opened.state, sink: spool.wrap(opened.sink) };
                },
            });
            firstRowOffset = read.firstRowOffset;
            stopOffset = read.stopOffset;
            spoolPath = spool?.finish();
        } finally {
            // A failed task leaves no spool file.
            if (spool && spoolPath === undefined) spool.discard();
        }
    }
    const issues = taskIssues(task.file, mapping!, proformaExport, task.range?.start ?? 0);
    return {
        file: task.file, format: mapping!.format, formatLabel: mapping!.formatLabel,
        cells: table === sharedTable ? undefined : table.toPartial(), rows: sink!.rows,
        currency: sink!.currency, issues, firstRowOffset, stopOffset, identities: identities?.finish(),
        ledger: ledger?.finish(), spool: spoolPath,
    };
}

/** The warnings of a file's header (the same whichever reader reads the file). */
export function taskIssues(file: string, mapping: ColumnMapping, proformaExport: boolean, rangeStart: number): ReportIssue[] {
    const issues: ReportIssue[] = [];
    if (!mapping.hasPublicCost) {
        issues.push({
            severity: 'warning', code: 'missing-public-on-demand-cost', file: file, column: mapping.publicCostColumn,
            message: `${file} has no ${mapping.publicCostColumn} column: its line items are priced from their unblended cost instead of the public on-demand cost`,
        });
    }
    if (proformaExport && rangeStart === 0) {
        issues.push({
            severity: 'warning', code: 'proforma-export-as-data', file: file,
            message: `${file} is a pro forma CUR written by 'billing export' (it has the export's billing group column): its costs are pro forma figures, not what AWS billed; counted as data they are charged again. Move it out of the data paths unless that is intended`,
        });
    }
    if (mapping.duplicateColumns.length > 0) {
        const names = mapping.duplicateColumns;
        issues.push({
            severity: 'warning', code: 'duplicate-column', file: file, column: names[0],
            message: `the header names ${names.map(name => JSON.stringify(name)).join(', ')} more than once; billing does not read ${names.length === 1 ? 'that column' : 'those columns'}, so the bill is not affected`,
        });
    }
    return issues;
}

/**
 * The keys of the CUR 2.0 `product` map the cube reads (the product name of Marketplace products, the RDS deployment
 * option of RIFee lines), read from a Parquet file as the flat columns CUR 2.0 also names them by, when the file has
 * the map and not those columns: only the map's key and value chunks are decoded (parquet-reader.ts `mapKeys`).
 */
export const PRODUCT_MAP_KEYS = [
    { map: 'product', key: 'product_name', as: 'product_product_name' },
    { map: 'product', key: 'deployment_option', as: 'product_deployment_option' },
] as const;

/**
 * A Parquet file's mapping without the CUR 2.0 `product` map (a nested column, not read by the columnar
 * path): its product name and RDS deployment option come from the flat columns of PRODUCT_MAP_KEYS.
 */
export function withoutProductMap(mapping: ColumnMapping): ColumnMapping {
    const column = mapping.fieldColumn[Field.ProductMap]!;
    if (column < 0) return mapping;
    const fieldColumn = Int32Array.from(mapping.fieldColumn);
    const columnField = Int32Array.from(mapping.columnField);
    fieldColumn[Field.ProductMap] = -1;
    columnField[column] = -1;
    return { ...mapping, fieldColumn, columnField };
}
