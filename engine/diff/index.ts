// Public surface of engine/diff: two versions of a policy compared, structurally and on the same data.
export { diffPolicies, type PolicyChange, type PolicyElement } from './policy-diff.js';
export {
    diffReports, type DiffFigures, type DiffInput, type DiffSide, type FigureChange, type GroupDiff, type GroupPeriodDiff, type PolicyDiffReport, type TotalFigures,
} from './report-diff.js';
export { lineItemText, membershipText, ruleText } from './describe-policy.js';
