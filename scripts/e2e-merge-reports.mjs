// Merges vitest JSON reports (the unit run and the e2e run) into one, for scripts/ci-summary.mjs.
// Usage: node scripts/e2e-merge-reports.mjs OUT.json REPORT.json…
// A missing or unreadable report counts as one failed suite, named after the file: a run that produced no report
// (e.g. the e2e toolchain could not be provisioned) is a failure, never a silent skip.
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
    console.error('usage: node scripts/e2e-merge-reports.mjs OUT.json REPORT.json…');
    process.exit(2);
}
const counters = ['numTotalTests', 'numPassedTests', 'numFailedTests', 'numPendingTests', 'numTodoTests', 'numTotalTestSuites', 'numPassedTestSuites', 'numFailedTestSuites', 'numPendingTestSuites'];
const merged = Object.fromEntries(counters.map((key) => [key, 0]));
merged.testResults = [];
merged.success = true;
for (const file of inputs) {
    let report;
    try {
        report = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        console.log(`no test report at ${file} (${error.code ?? error.message}): counted as 1 failed suite`);
        report = { numTotalTestSuites: 1, numFailedTestSuites: 1, success: false, testResults: [{ name: file, status: 'failed', message: 'no report', assertionResults: [] }] };
    }
    for (const key of counters) merged[key] += report[key] ?? 0;
    merged.testResults.push(...(report.testResults ?? []));
    merged.success &&= report.success !== false;
}
writeFileSync(out, `${JSON.stringify(merged)}\n`);
