// Public surface of engine/generate: deterministic synthetic CUR data (tests, benchmarks, demos).
export { generateCur, CUR1_COLUMNS, type GenerateCurOptions, type GenerateCurResult } from './cur-generator.js';
export { SAMPLE_CUR_OPTIONS, SAMPLE_CUR_PATH } from './sample.js';
export { realisticCaseFiles, writeRealisticCases, REALISTIC_PATHS, REALISTIC_PERIOD, REALISTIC_ACCOUNTS, REALISTIC_PAYER } from './realistic-cases.js';
export { generateHourlyCommitmentsCur, HOURLY_OWNER, type GenerateHourlyOptions, type GenerateHourlyResult } from './hourly-commitments.js';
export { HOURLY_CUR1_COLUMNS, HOURLY_CUR2_COLUMNS } from './hourly-columns.js';
