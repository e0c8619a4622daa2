import type { LangiumCoreServices, ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Policy } from '../generated/ast.js';
import { accountChecks, checkAccountDeclarations, checkPayerAsPrimary, checkUnassignedAccounts } from './account-checks.js';
import { budgetChecks } from './budget-checks.js';
import { fieldValueChecks } from './field-value-checks.js';
import { groupChecks } from './group-checks.js';
import { revalidateImportsOnChange } from './importer-revalidation.js';
import { lineItemChecks } from './line-item-checks.js';
import { checkAutoAssociateGroups, checkOverlappingMemberships } from './membership-checks.js';
import { checkDuplicateNames, nameChecks } from './name-checks.js';
import { periodChecks } from './period-checks.js';
import { planChecks } from './plan-checks.js';
import { createPolicyContext, type PolicyCheck } from './policy-context.js';
import { ruleChecks } from './rule-checks.js';
import { textChecks } from './text-checks.js';
import { tierChecks } from './tier-checks.js';
import { checkUnusedDeclarations } from './usage-checks.js';
import { versionChecks } from './version-checks.js';

/** Checks that look across statements and files; they share one view of the policy per validation. */
const POLICY_CHECKS: readonly PolicyCheck[] = [
    checkAccountDeclarations,
    checkUnassignedAccounts,
    checkPayerAsPrimary,
    checkDuplicateNames,
    checkOverlappingMemberships,
    checkAutoAssociateGroups,
    checkUnusedDeclarations,
];

/**
 * Registers every check of the catalogue. All are 'fast': they run while the user types, and the
 * cross-statement ones cost one pass over the policy's statements.
 */
export function registerValidationChecks(services: LangiumCoreServices): void {
    const registry = services.validation.ValidationRegistry;
    const nodeChecks: ValidationChecks<BillingAstType>[] = [
        accountChecks(), nameChecks(), fieldValueChecks(), ruleChecks(), tierChecks(), planChecks(),
        groupChecks(), lineItemChecks(), periodChecks(), budgetChecks(), textChecks(), versionChecks(),
    ];
    for (const checks of nodeChecks) registry.register(checks, undefined, 'fast');
    const policyChecks: ValidationChecks<BillingAstType> = {
        Policy: (root: Policy, accept: ValidationAcceptor) => {
            const context = createPolicyContext(root, services);
            for (const check of POLICY_CHECKS) check(context, accept);
        },
    };
    registry.register(policyChecks, undefined, 'fast');
    revalidateImportsOnChange(services);
}
