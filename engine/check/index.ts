// Public surface of engine/check: budgets and margin floors of a policy checked against a cost report.
export { findBreaches, marginFloorOf, BREACH_KINDS, type Breach, type BreachKind, type BudgetBreach, type MarginBreach } from './breaches.js';
export { describeBreach, showMoney } from './describe-breach.js';
