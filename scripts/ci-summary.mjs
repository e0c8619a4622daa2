// Prints the plain "N passed, N failed[, N skipped]" line from vitest's JSON report.
// A missing or unreadable report counts as one failure: a run that produced nothing did not pass.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
    report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
    console.log(`no test report at ${file}: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// Suites that failed to load have no tests but still mean a red run.
const failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0) - countFailedSuitesWithFailedTests(report);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function countFailedSuitesWithFailedTests(r) {
    return (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}
