// AST → policy model (engine/policy/model.ts). The only place where Langium nodes become plain data.
export { compilePolicy, compileEntries } from './compile-policy.js';
export { compileLoadedPolicy, type CompileResult } from './compile-loaded-policy.js';
export { ruleScope, ruleType, rulePercent } from './rule-shape.js';
export { accountIdOf } from './account-ids.js';
export { originOf } from './origin.js';
export { planRuleReferences, planRuleEntries, anyDated } from '../validation/dated-clauses.js';
