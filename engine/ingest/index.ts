// Public surface of engine/ingest: CUR 1.0 / CUR 2.0 / FOCUS files → the cube, plus row streaming.
export { ingest, type IngestOptions } from './ingest.js';
export { resolveDataPaths, resolveDataPathsDetailed, specialFileKind, type ResolvedDataPaths } from './resolve-paths.js';
export type { SpoolSpec } from './row-spool.js';
export { streamRows, type StreamedRow, type HeaderInfo, type StreamRowsOptions, type ColumnRole } from './stream-rows.js';
export type { RowValues } from './row-key.js';
export { IngestError, type IngestErrorCode, type IngestErrorDetails } from './errors.js';
export { focusLineItemType, focusBillingEntity, arnAccount } from './focus-mapping.js';
export { INGEST_WORKER_FILE } from './worker-pool.js';
export { PROFORMA_MARKER_COLUMN } from './formats.js';
