import * as path from 'node:path';
import { GrammarUtils, type LangiumDocument, UriUtils } from 'langium';
import type { BillingGroup, ClosedThrough, PolicyAccount, PolicyDataSource, PolicyModel, PricingPlan, PricingRule } from '../../engine/policy/model.js';
import { isAccount, isClosedPeriods, isDataSource, isGroup, isPlan, isPolicy, isRule, type Account, type DataSource, type Policy } from '../generated/ast.js';
import { mergedPolicyDocuments, type DocumentStoreServices } from '../workspace/policy-documents.js';
import { compileGroup } from './compile-group.js';
import { compilePlan, compileRule, optional } from './compile-rule.js';
import { originOf } from './origin.js';

/**
 * Compiles linked `.billing` documents into the policy model the engine prices with, merging their
 * declarations in the order given (pass `mergedPolicyDocuments(entries)` or `LoadedPolicy.documents`:
 * the entries and their transitive imports). Numbers stay the decimal strings written in the source.
 *
 * Never throws, also not on documents with errors (unresolved names become empty strings or are
 * left out), but only an error-free policy compiles to a meaningful model: see `compileLoadedPolicy`.
 */
export function compilePolicy(documents: readonly LangiumDocument<Policy>[]): PolicyModel {
    const accounts = new Map<string, PolicyAccount>();
    let payer: PolicyAccount | undefined;
    const rules: PricingRule[] = [];
    const plans: PricingPlan[] = [];
    const groups: BillingGroup[] = [];
    const dataSources: PolicyDataSource[] = [];
    let closedThrough: ClosedThrough | undefined;
    for (const document of documents) {
        const root = document.parseResult.value;
        if (!isPolicy(root)) continue;
        for (const statement of root.statements) {
            if (isAccount(statement)) {
                const account = compileAccount(statement);
                if (!accounts.has(account.id)) accounts.set(account.id, account);
                if (statement.payer && !payer) payer = account;
            } else if (isRule(statement)) {
                rules.push(compileRule(statement));
            } else if (isPlan(statement)) {
                plans.push(compilePlan(statement));
            } else if (isGroup(statement)) {
                groups.push(compileGroup(statement));
            } else if (isDataSource(statement)) {
                dataSources.push(...compileDataSource(document, statement));
            } else if (isClosedPeriods(statement) && closedThrough === undefined) {
                // A second statement is an error (closed-through-repeated); the first one counts.
                closedThrough = { period: statement.period, ...optional('origin', originOf(statement, 'period')) };
            }
        }
    }
    return { ...optional('payer', payer), accounts: [...accounts.values()], rules, plans, groups, dataPaths: dataSources.map(source => source.path), ...(dataSources.length > 0 && { dataSources }), ...optional('closedThrough', closedThrough) };
}

/** Compiles the policy of entry documents: each entry with its transitive imports, merged. */
export function compileEntries(entries: readonly LangiumDocument[], services: DocumentStoreServices): PolicyModel {
    return compilePolicy(mergedPolicyDocuments(entries, services));
}

function compileAccount(account: Account): PolicyAccount {
    return {
        id: account.id,
        ...optional('name', account.name),
        ...optional('origin', originOf(account, 'id')),
    };
}

/** Each path of a `data` statement, resolved, with the position of its string literal. */
function compileDataSource(document: LangiumDocument, statement: DataSource): PolicyDataSource[] {
    const literals = statement.$cstNode ? GrammarUtils.findNodesForProperty(statement.$cstNode, 'paths') : [];
    return statement.paths.map((written, index) => {
        const start = literals[index]?.range.start;
        return {
            path: resolveDataPath(document, written),
            written,
            ...optional('origin', start ? { uri: document.uri.toString(), line: start.line + 1, column: start.character + 1 } : undefined),
        };
    });
}

/** A `data` path relative to the declaring file: a file-system path for files on disk, else a URI string. */
function resolveDataPath(document: LangiumDocument, dataPath: string): string {
    if (document.uri.scheme === 'file') return path.resolve(path.dirname(document.uri.fsPath), dataPath);
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), dataPath).toString();
}
