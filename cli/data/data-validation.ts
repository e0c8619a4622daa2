import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentState, type LangiumDocument } from 'langium';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { findBreaches, type Breach } from '../../engine/check/index.js';
import { closedPeriodChanges, LOCK_FILE_NAME, policyDigest, type ClosedPeriodChange } from '../../engine/close/index.js';
import { DataVocabulary } from '../../engine/cube/data-vocabulary.js';
import type { CostReport, PolicyModel } from '../../engine/index.js';
import { prepareCube, priceReport, type PreparedCube } from '../../engine/price/index.js';
import { ast, compilePolicy, importReach, policyDocuments, type LoadedPolicy } from '../../language/index.js';
import {
    DATA_VALIDATION_CATEGORY, registerBreachChecks, registerClosedPeriodChecks, registerDataChecks, vocabularyFacts,
    type BreachFacts, type ClosedPeriodFacts, type DataFacts,
} from '../../language/validation/index.js';
import { dataDigest, readLock } from '../close/lock-file.js';
import type { CliContext } from '../context.js';
import { displayPath } from '../output/validation-report.js';
import { checkPeriods, readData, selectData, type DataSelection } from './read-data.js';

/** Which data the data-aware checks see: `--data` for every policy, else each policy's own `data` statements. */
export interface DataCheckOptions {
    readonly dataOption: readonly string[];
    /** The period whose figures BIL106–BIL108 judge (budgets, margins, usage); default: the latest in the data. */
    readonly period: string | undefined;
    /** `--lock FILE`: the lock file of closed periods (default: billing.lock.json next to the file saying `closed through`). */
    readonly lock?: string;
}

interface LoadedData {
    readonly prepared: PreparedCube;
    readonly vocabulary: DataVocabulary;
    readonly label: string;
}

interface DocumentData {
    readonly facts: DataFacts;
    readonly breaches: BreachFacts | undefined;
    readonly closed: ClosedPeriodFacts | undefined;
}

/**
 * Runs the data-aware checks (BIL100 and up) on loaded, validated policies, as the language server does once its
 * data is loaded: the same checks (language/validation), the same facts (`vocabularyFacts` over the cube's
 * vocabulary; budgets and margin floors from the priced report of the period), so CI reports the editor's codes and
 * messages. Like the editor, a policy without data (no `--data`, no `data` statement) gets no data check: the
 * bundled sample says nothing about the user's accounts. Their diagnostics are added to the documents'.
 * Returns whether any data was read.
 */
export async function runDataChecks(loaded: LoadedPolicy, options: DataCheckOptions, context: CliContext): Promise<boolean> {
    const byDocument = new Map<string, DocumentData>();
    const cubes = new Map<string, Promise<LoadedData>>();
    const load = (selection: DataSelection): Promise<LoadedData> => {
        const key = selection.paths.join('\u0000');
        let pending = cubes.get(key);
        if (!pending) {
            pending = readData(selection, context).then((cube) => {
                const prepared = prepareCube(cube);
                return { prepared, vocabulary: new DataVocabulary(cube), label: selection.paths.map((file) => displayPath(file, context.cwd)).join(', ') };
            });
            cubes.set(key, pending);
        }
        return pending;
    };

    // The loaded documents with a `data` statement: an entry's policy has data when its import closure holds one of them
    // (asked of the graph's reach, not by collecting every entry's closure: quadratic in an import chain).
    const declaring = loaded.documents.filter(declaresData);
    const reach = importReach(loaded.services);
    for (const entry of loaded.entries) {
        // Compiled only when some data applies (`--data`, or a `data` statement in the policy): a policy without data gets
        // no data check, and compiling every entry's whole import closure made `validate` of an import chain quadratic.
        if (options.dataOption.length === 0
            && !declaring.some(document => reach.reaches(entry, document) ?? policyDocuments(entry, loaded.services).includes(document))) continue;
        const documents = policyDocuments(entry, loaded.services);
        const model = documents.some(hasErrors) ? undefined : compilePolicy(documents);
        const selection = options.dataOption.length > 0 ? selectData(options.dataOption, { dataPaths: [] }, context.cwd)
            : model && model.dataPaths.length > 0 ? selectData([], model, context.cwd) : undefined;
        if (!selection) continue;
        const data = await load(selection);
        if (options.period) checkPeriods([options.period], data.prepared.periods);
        const period = options.period ?? data.prepared.periods.at(-1);
        const closed = model?.closedThrough ? await closedFacts(data, model, options.lock, context) : undefined;
        const facts = { ...documentData(data, model, period), closed };
        for (const document of documents) {
            const key = document.uri.toString();
            if (!byDocument.has(key)) byDocument.set(key, facts);
        }
    }
    if (byDocument.size === 0) return false;

    // Registered now, after the first build: Langium then runs only the `data` category on the validated documents.
    registerDataChecks(loaded.services, (document) => byDocument.get(document.uri.toString())?.facts);
    registerBreachChecks(loaded.services, (document) => byDocument.get(document.uri.toString())?.breaches);
    registerClosedPeriodChecks(loaded.services, (document) => byDocument.get(document.uri.toString())?.closed);
    await loaded.services.shared.workspace.DocumentBuilder.build([...loaded.documents], { validation: { categories: [DATA_VALIDATION_CATEGORY] } });
    return true;
}

/** A policy's facts: the vocabulary of its data; usage, budgets and margins from its report of the period (priced once, on demand). */
function documentData(data: LoadedData, model: PolicyModel | undefined, period: string | undefined): Omit<DocumentData, 'closed'> {
    let report: CostReport | undefined;
    let breaches: readonly Breach[] | undefined;
    const priced = (): CostReport | undefined => {
        if (!model || period === undefined) return undefined;
        return (report ??= priceReport(data.prepared, model, { periods: [period] }));
    };
    const groupHasUsage = (_document: LangiumDocument, group: string): boolean | undefined =>
        priced()?.groups.find((entry) => entry.name === group && entry.period === period)?.hasUsage;
    return {
        facts: vocabularyFacts(data.vocabulary, data.label, period, groupHasUsage),
        breaches: model && {
            breachesOf: (_document, group) => {
                const current = priced();
                if (!current) return undefined;
                breaches ??= findBreaches(model, current);
                return breaches.filter((breach) => breach.group === group && breach.period === period);
            },
        },
    };
}

/**
 * BIL110 as `billing check` judges it: every closed period of the data (not only the one BIL106–BIL108 look at),
 * priced by the policy as written, against the lock file, with the data's digest, so a change of the data files
 * fails too.
 */
async function closedFacts(data: LoadedData, model: PolicyModel, lockOption: string | undefined, context: CliContext): Promise<ClosedPeriodFacts | undefined> {
    const origin = model.closedThrough?.origin?.uri;
    const file = lockOption ? path.resolve(context.cwd, lockOption)
        : origin?.startsWith('file:') ? path.join(path.dirname(fileURLToPath(origin)), LOCK_FILE_NAME) : undefined;
    if (!file) return undefined;
    const report = priceReport(data.prepared, model, {});
    const lock = await readLock(file, context.cwd);
    const changes: readonly ClosedPeriodChange[] = closedPeriodChanges(model, report, lock, {
        policy: policyDigest(model), data: await dataDigest(report, context.cwd),
    });
    return { lockName: displayPath(file, context.cwd), changesOf: () => changes, modelOf: () => model };
}

/** Whether a document has a `data` statement; asked once per document (entries share their imports). */
const declaresDataMemo = new WeakMap<LangiumDocument, boolean>();
function declaresData(document: LangiumDocument): boolean {
    let found = declaresDataMemo.get(document);
    if (found === undefined) {
        const root = document.parseResult.value;
        found = ast.isPolicy(root) && root.statements.some(ast.isDataSource);
        declaresDataMemo.set(document, found);
    }
    return found;
}

function hasErrors(document: LangiumDocument): boolean {
    if (document.state < DocumentState.Validated) return true;
    return (document.diagnostics ?? []).some((diagnostic) => (diagnostic.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error);
}
