// Public surface of engine/export: the pro forma CUR of one billing group (`billing export`).
export { exportProformaCur, exportSpoolSpec, fileStamps, spoolCovers, type FileStamp, type ProformaExportOptions, type ProformaExportResult } from './proforma-export.js';
export { csvField } from './csv-writer.js';
