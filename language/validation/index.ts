// Public surface of language/validation/: the diagnostic catalogue, the reporter and the check registration.
export { allIssues, formatCount, issueByCode, Issues, KNOWN_BILLING_ENTITIES, Limits } from './issue-codes.js';
export type { AnyIssue, IssueDefinition, IssueKey, IssueSeverity } from './issue-codes.js';
export { relatedAt, reportIssue, type IssueLocation } from './report.js';
export { registerValidationChecks } from './register-checks.js';
export { BillingValidationModule } from './validation-module.js';
export { renderDiagnosticsDoc } from './diagnostics-doc.js';
export { closestMatch } from './closest-match.js';
export { DATA_CHECK_ISSUES, DATA_VALIDATION_CATEGORY, registerDataChecks, type DataFacts, type DataFactsProvider, type ScopeFields } from './data-checks.js';
export { BREACH_CHECK_ISSUES, registerBreachChecks, setDiagnosticMoney, type BreachFacts, type BreachFactsProvider } from './breach-checks.js';
export { vocabularyFacts } from './data-facts.js';
export { registerClosedPeriodChecks, type ClosedPeriodFacts, type ClosedPeriodFactsProvider } from './closed-period-checks.js';
