// Public surface of engine/: the policy model, the cube, pricing and reports. No Langium, no VS Code.
export type * from './policy/model.js';
export { DEFAULT_PRESENTATION_SERVICE } from './policy/model.js';
export type * from './cube/types.js';
export type * from './report/types.js';
export { Decimal, ZERO, roundMoney, moneyString } from './money/decimal.js';
export {
    ingest, resolveDataPaths, resolveDataPathsDetailed, specialFileKind, streamRows, IngestError,
    type IngestOptions, type IngestErrorCode, type IngestErrorDetails, type ResolvedDataPaths, type StreamedRow, type HeaderInfo, type StreamRowsOptions, type RowValues,
} from './ingest/index.js';
export { generateCur, writeRealisticCases, SAMPLE_CUR_OPTIONS, SAMPLE_CUR_PATH, type GenerateCurOptions, type GenerateCurResult } from './generate/index.js';
export { generateHourlyCommitmentsCur, type GenerateHourlyOptions, type GenerateHourlyResult } from './generate/index.js';
export {
    prepareCube, priceReport, pricePolicy, buildReport, buildGroupReport, createRowPricer, ReconciliationError, classifyLineItem, treatmentOf,
    type PreparedCube, type PriceOptions, type ReportOptions, type PricedPolicy, type GroupPeriodPricing, type RowPricer, type RowPrice, type LineItemClass, type Treatment,
} from './price/index.js';
export { renderJson, renderTable, renderMarkdown, renderCsv, type TextRenderOptions, type CsvRenderOptions } from './report/index.js';
export { findBreaches, marginFloorOf, describeBreach, showMoney, BREACH_KINDS, type Breach, type BreachKind, type BudgetBreach, type MarginBreach } from './check/index.js';
