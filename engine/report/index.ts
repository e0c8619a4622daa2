// Public surface of engine/report: the CostReport contract and its renderers.
export type * from './types.js';
export { renderJson } from './render-json.js';
export { renderTable, alignColumns, issueLine, type TextRenderOptions } from './render-table.js';
export { renderMarkdown } from './render-markdown.js';
export { renderCsv, type CsvRenderOptions } from './render-csv.js';
export { summarize, NO_USAGE, ROUNDING, type Summary, type SummaryRow } from './presentation.js';
export { toCents, formatCents, formatPercent, percentOf } from './display-rounding.js';
export { renderStatementHtml, renderStatementMarkdown } from './render-statement.js';
export { buildStatement, StatementError, type Statement, type StatementOptions } from './statement.js';
export { formatMoney, formatMinorUnits, minorUnits, plainMoney, toMinorUnits, MINUS, type MoneyStyle } from './money-format.js';
export { terminalText, markdownText, spreadsheetSafe } from './escape-text.js';
