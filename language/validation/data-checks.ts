import { AstUtils, type LangiumCoreServices, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import {
    isAccount, isPolicy, type Account, type Policy, type AccountRef, type BillingAstType, type Group, type Rule, type ServiceFilter,
} from '../generated/ast.js';
import type { ScopeFields } from '../../engine/cube/data-vocabulary.js';
import { policyDocuments } from '../workspace/policy-documents.js';
import { closestMatch } from './closest-match.js';
import { Issues } from './issue-codes.js';
import { reportIssue } from './report.js';
import { factsPerPass } from './facts-per-pass.js';

const dataCheckedDocuments = new WeakMap<LangiumDocument, boolean>();

/** Whether the last `data` validation of the document had billing data (its data-aware checks really ran). */
export function hadDataChecks(document: LangiumDocument): boolean {
    return dataCheckedDocuments.get(document) === true;
}

/** The validation category of the data-aware checks: never run while typing, only when asked for. */
export const DATA_VALIDATION_CATEGORY = 'data';

/** The catalogue entries these checks report. */
export const DATA_CHECK_ISSUES = [
    Issues.accountNotInData, Issues.serviceNotInData, Issues.usageTypeNotInData, Issues.operationNotInData,
    Issues.billingEntityNotInData, Issues.ruleMatchesNothing, Issues.groupWithoutUsage,
] as const;

/** The fields of a rule's scope, as a data lookup sees them (absent: any value). */
export type { ScopeFields } from '../../engine/cube/data-vocabulary.js';

/**
 * What the loaded billing data says, as the data-aware checks need it. Plain questions, so that the
 * language does not depend on how (or where) the data was loaded: the language server answers them
 * from its cube, a CLI could answer them from its own.
 */
export interface DataFacts {
    /** How messages name the data: a path, "2 files in cur/", … */
    readonly source: string;
    /** The billing period the editor shows (for "no usage in …"); undefined when the data has none. */
    readonly period: string | undefined;
    hasAccount(accountId: string): boolean;
    hasService(service: string): boolean;
    hasUsageType(usageType: string): boolean;
    hasOperation(operation: string): boolean;
    hasBillingEntity(entity: string): boolean;
    /** Whether some line item has every field given. */
    matches(fields: ScopeFields): boolean;
    /** Service codes of the data, for suggestions. */
    services(): readonly string[];
    /** Usage types of the data, of one service when given. */
    usageTypes(service?: string): readonly string[];
    /** Operations of the data, of one service when given. */
    operations(service?: string): readonly string[];
    /** Whether a group of this document's policy has usage in `period`; undefined when unknown (policy errors). */
    groupHasUsage(document: LangiumDocument, group: string): boolean | undefined;
}

/** The facts that apply to a document (its data source), or undefined: no data loaded, no check. */
export type DataFactsProvider = (document: LangiumDocument) => DataFacts | undefined;

/**
 * Registers the data-aware checks (BIL100–BIL106) in the `data` category. Langium runs a custom
 * category only when a build asks for it, so typing never waits for them; the language server runs
 * them after data is loaded and shortly after edits settle.
 */
export function registerDataChecks(services: LangiumCoreServices, askFacts: DataFactsProvider): void {
    const factsOf = factsPerPass(services, askFacts);
    const withFacts = <N extends { $type: string }>(check: (node: N, facts: DataFacts, accept: ValidationAcceptor) => void) =>
        (node: N, accept: ValidationAcceptor): void => {
            const facts = factsOf(AstUtils.getDocument(node as never));
            if (facts) check(node, facts, accept);
        };
    const checks: ValidationChecks<BillingAstType> = {
        Account: withFacts(checkAccount),
        AccountRef: withFacts<AccountRef>((ref, facts, accept) => checkAccountRef(ref, facts, accept, services)),
        Rule: withFacts(checkRule),
        ServiceFilter: withFacts(checkServiceFilter),
        Group: withFacts(checkGroup),
        // Whether this pass had data: only then may `// billing-ignore` of a data-aware code be judged unused (BIL127).
        Policy: (policy: Policy) => {
            const document = AstUtils.getDocument(policy);
            dataCheckedDocuments.set(document, factsOf(document) !== undefined);
        },
    };
    services.validation.ValidationRegistry.register(checks, undefined, DATA_VALIDATION_CATEGORY);
}

function checkAccount(account: Account, facts: DataFacts, accept: ValidationAcceptor): void {
    if (account.id === undefined || facts.hasAccount(account.id)) return;
    reportIssue(accept, Issues.accountNotInData, { node: account, property: 'id' }, account.id, facts.source);
}

/** Ids written directly in a group; an id that a declaration names is reported at the declaration instead. */
function checkAccountRef(ref: AccountRef, facts: DataFacts, accept: ValidationAcceptor, services: LangiumCoreServices): void {
    if (ref.id === undefined || facts.hasAccount(ref.id)) return;
    const document = AstUtils.getDocument(ref);
    const declared = policyDocuments(document, services).some(doc => {
        const root = doc.parseResult.value;
        return isPolicy(root) && root.statements.some(statement => isAccount(statement) && statement.id === ref.id);
    });
    if (!declared) reportIssue(accept, Issues.accountNotInData, { node: ref, property: 'id' }, ref.id, facts.source);
}

function checkRule(rule: Rule, facts: DataFacts, accept: ValidationAcceptor): void {
    const service = rule.services[0];
    const usageType = rule.usageTypes[0];
    const operation = rule.operations[0];
    const billingEntity = rule.billingEntities[0];
    let allPresent = true;
    if (service !== undefined && !facts.hasService(service)) {
        allPresent = false;
        reportIssue(accept, Issues.serviceNotInData, { node: rule, property: 'services', index: 0 },
            service, facts.source, closestMatch(service, facts.services()));
    }
    if (usageType !== undefined && !facts.hasUsageType(usageType)) {
        allPresent = false;
        reportIssue(accept, Issues.usageTypeNotInData, { node: rule, property: 'usageTypes', index: 0 },
            usageType, facts.source, closestMatch(usageType, suggestionPool(facts.usageTypes(service), facts.usageTypes())));
    }
    if (operation !== undefined && !facts.hasOperation(operation)) {
        allPresent = false;
        reportIssue(accept, Issues.operationNotInData, { node: rule, property: 'operations', index: 0 },
            operation, facts.source, closestMatch(operation, suggestionPool(facts.operations(service), facts.operations())));
    }
    if (billingEntity !== undefined && !facts.hasBillingEntity(billingEntity)) {
        allPresent = false;
        reportIssue(accept, Issues.billingEntityNotInData, { node: rule, property: 'billingEntities', index: 0 }, billingEntity, facts.source);
    }
    // Only a combination of fields can miss while each field exists; a single field was reported above.
    const fields = { service, usageType, operation, billingEntity };
    const given = Object.values(fields).filter(value => value !== undefined).length;
    if (allPresent && given >= 2 && rule.name !== undefined && !facts.matches(fields)) {
        reportIssue(accept, Issues.ruleMatchesNothing, { node: rule, property: 'name' }, rule.name, describeFields(fields), facts.source);
    }
}

function checkServiceFilter(filter: ServiceFilter, facts: DataFacts, accept: ValidationAcceptor): void {
    filter.services.forEach((service, index) => {
        if (service === undefined || facts.hasService(service)) return;
        reportIssue(accept, Issues.serviceNotInData, { node: filter, property: 'services', index },
            service, facts.source, closestMatch(service, facts.services()));
    });
}

function checkGroup(group: Group, facts: DataFacts, accept: ValidationAcceptor): void {
    if (group.name === undefined || facts.period === undefined) return;
    if (facts.groupHasUsage(AstUtils.getDocument(group), group.name) === false) {
        reportIssue(accept, Issues.groupWithoutUsage, { node: group, property: 'name' }, group.name, facts.period);
    }
}

/** The service's own values first (a usage type of the rule's service is the likelier fix), then the rest. */
function suggestionPool(own: readonly string[], all: readonly string[]): string[] {
    return own.length > 0 ? [...own, ...all] : [...all];
}

function describeFields(fields: ScopeFields): string {
    const parts: string[] = [];
    if (fields.service !== undefined) parts.push(`service ${fields.service}`);
    if (fields.billingEntity !== undefined) parts.push(`billing entity ${fields.billingEntity}`);
    if (fields.usageType !== undefined) parts.push(`usage type ${fields.usageType}`);
    if (fields.operation !== undefined) parts.push(`operation ${fields.operation}`);
    return parts.join(' with ');
}
