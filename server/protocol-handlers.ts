import * as path from 'node:path';
import { DocumentState, isOperationCancelled, OperationCancelled, URI, type LangiumDocument } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { CancellationToken, DiagnosticSeverity } from 'vscode-languageserver';
import { policyDocuments } from '../language/index.js';
import { exportProformaCur } from '../engine/export/index.js';
import { IngestError } from '../engine/index.js';
import { pricePolicy } from '../engine/price/index.js';
import {
    BillRequest, TrendRequest, CancelLoadNotification, ExplainRequest, ExportRequest, GroupsRequest, SetDataRequest, SetPeriodRequest,
    type GroupsParams, type GroupsResult, type BillParams, type BillResult, type TrendParams, type TrendResult, type PolicyLocation, type DataStatus, type ExplainParams, type ExplainResult, type ExportParams, type ExportResult, type SetDataParams, type SetPeriodParams,
    SAMPLE_WITHOUT_ACCOUNTS,
} from './protocol.js';
import { isPeriod, readPaths } from './settings.js';
import { explainFigure } from './lsp/explain-figure.js';
import { groupTree } from './lsp/group-tree.js';
import { detailedReport } from './pricing/policy-pricing.js';
import type { BillingServerServices } from './server-services.js';

/**
 * The custom requests of server/protocol.ts. Each answers, never throws: failures are results with
 * a reason (a thrown error would surface as an opaque "request failed" in the extension).
 */
export function registerProtocolHandlers(connection: Connection, services: BillingServerServices, workspaceRoot: () => string | undefined): void {
    const { Data, Pricing, Log } = services.server;

    connection.onRequest(BillRequest, async (params: BillParams, ...rest: unknown[]): Promise<BillResult> => {
        const token = cancellationOf(rest);
        const fallback: BillResult = { report: null, reason: 'internal error (see the Billing output)', status: Data.status() };
        return Log.guard('bill request', fallback, async () => {
            const document = await documentFor(services, params.uri, token);
            if (!document) return { report: null, reason: `cannot read ${params.uri}`, status: Data.status() };
            if (params.period !== undefined && !isPeriod(params.period)) {
                return { report: null, reason: `'${params.period}' is not a period YYYY-MM`, status: Data.status() };
            }
            const pricing = Pricing.pricingFor(document, params.period ?? 'all');
            const status = Data.status(Data.entryFor(document));
            const firstError = pricing.kind === 'errors' || (pricing.kind === 'priced' && pricing.stale) ? firstErrorOf(services, document) : undefined;
            if (pricing.kind !== 'priced') {
                return {
                    report: null, reason: 'detail' in pricing && pricing.detail ? `${pricing.label}: ${pricing.detail}` : pricing.label, status,
                    ...(firstError ? { firstError } : {}),
                };
            }
            // A period the data does not have would be a bill of zeros that reconciles "exactly" (issue 11, defect 3).
            if (!pricing.periodInData) {
                const periods = pricing.data.prepared.periods;
                const has = periods.length === 0 ? 'no period' : periods.length === 1 ? periods[0] : `${periods[0]}..${periods[periods.length - 1]}`;
                return { report: null, reason: `no data for ${pricing.period} in ${status.source ?? 'the data'} (it has ${has})`, status };
            }
            return {
                report: detailedReport(pricing), status, ...(pricing.stale ? { stale: pricing.stale } : {}), ...(firstError ? { firstError } : {}),
                ...(pricing.sampleWithoutAccounts ? { sampleWithoutAccounts: SAMPLE_WITHOUT_ACCOUNTS } : {}),
            };
        });
    });

    connection.onRequest(TrendRequest, async (params: TrendParams, ...rest: unknown[]): Promise<TrendResult> => {
        const token = cancellationOf(rest);
        return Log.guard('trend request', { trend: null, reason: 'internal error (see the Billing output)' }, async () => {
            const document = await documentFor(services, params?.uri, token);
            if (!document) return { trend: null, reason: `cannot read ${params?.uri}` };
            const pricing = Pricing.trendFor(document);
            if (pricing.kind !== 'priced') return { trend: null, reason: 'detail' in pricing && pricing.detail ? `${pricing.label}: ${pricing.detail}` : pricing.label };
            return { trend: pricing.trend, ...(pricing.stale ? { stale: pricing.stale } : {}) };
        });
    });

    connection.onRequest(ExplainRequest, async (params: ExplainParams, ...rest: unknown[]): Promise<ExplainResult> => {
        const token = cancellationOf(rest);
        return Log.guard('explain request', { explanation: null, reason: 'internal error (see the Billing output)' }, async () => {
            if (!params || typeof params.group !== 'string') return { explanation: null, reason: 'an explanation needs a group' };
            if (params.period !== undefined && !isPeriod(params.period)) return { explanation: null, reason: `'${params.period}' is not a period YYYY-MM` };
            const document = await documentFor(services, params.uri, token);
            if (!document) return { explanation: null, reason: `cannot read ${params.uri}` };
            return explainFigure(Pricing.pricingFor(document, params.period ?? 'shown'), params.group, params.period);
        });
    });

    connection.onRequest(GroupsRequest, async (params: GroupsParams, ...rest: unknown[]): Promise<GroupsResult> => {
        const token = cancellationOf(rest);
        return Log.guard('groups request', { groups: [], reason: 'internal error (see the Billing output)' }, async () => {
            const document = await documentFor(services, params?.uri, token);
            if (!document) return { groups: [], reason: `cannot read ${params?.uri}` };
            return groupTree(services, document);
        });
    });

    connection.onRequest(SetDataRequest, (params: SetDataParams): DataStatus => {
        Data.setDataPaths(readPaths(params?.paths));
        return Data.status();
    });

    connection.onRequest(SetPeriodRequest, (params: SetPeriodParams): DataStatus => {
        const period = params?.period ?? null;
        Data.setPeriod(period !== null && isPeriod(period) ? period : null);
        return Data.status();
    });

    connection.onNotification(CancelLoadNotification, () => Data.cancelActiveLoad());

    connection.onRequest(ExportRequest, async (params: ExportParams, ...rest: unknown[]): Promise<ExportResult> => {
        const token = cancellationOf(rest);
        return Log.guard('export request', { ok: false, message: 'internal error (see the Billing output)' }, () => exportGroup(connection, services, params, token, workspaceRoot()));
    });
}

/**
 * The document of a URI, validated: the open or loaded one, else read from disk and built as Langium builds a changed
 * file. Waits for the workspace scan first: a restored preview asks before the scan ends, and a document created here
 * then made the scan fail ("A document with the URI … is already present"), leaving the server without lenses,
 * hints or hovers until restarted (issue 11).
 */
async function documentFor(services: BillingServerServices, uri: string, token: CancellationToken): Promise<LangiumDocument | undefined> {
    const shared = services.shared;
    const workspace = shared.workspace;
    await whenReady(workspace.WorkspaceManager.ready, token);
    const parsed = URI.parse(uri);
    if (!shared.ServiceRegistry.hasServices(parsed)) return undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
        // Builds of edits and of the workspace run under the write lock: once it is free, they are done.
        await workspace.WorkspaceLock.read(() => undefined);
        const document = workspace.LangiumDocuments.getDocument(parsed);
        if (document && document.state >= DocumentState.Validated) return document;
        if (document) {
            // A build in flight (the data checks run as readers) validates it soon; Langium refuses at once when none will.
            if (await validatedSoon(services, parsed, token)) return document;
        } else if (!(await readable(services, parsed))) {
            return undefined;
        }
        // Not loaded, or never validated (a workspace file no editor opened): `update` under the write lock is how Langium
        // builds a changed file, and it resumes any build it interrupts, so nobody's edit is lost.
        await workspace.WorkspaceLock.write(cancel => workspace.DocumentBuilder.update([parsed], [], cancel));
    }
    const document = workspace.LangiumDocuments.getDocument(parsed);
    return document && document.state >= DocumentState.Validated ? document : undefined;
}

const VALIDATION_WAIT_MS = 5000;

/** Whether a build now in flight validates the document (within a few seconds): false when none will. */
async function validatedSoon(services: BillingServerServices, uri: URI, token: CancellationToken): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(false), VALIDATION_WAIT_MS); });
    const validated = services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token).then(() => true, (error: unknown) => {
        if (isOperationCancelled(error)) throw error;
        return false;
    });
    try {
        return await Promise.race([validated, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/** The first error of the policy (the document, then its imports, in order), for the preview's link. */
function firstErrorOf(services: BillingServerServices, document: LangiumDocument): PolicyLocation | undefined {
    for (const member of policyDocuments(document, { shared: services.shared })) {
        const errors = (member.diagnostics ?? []).filter(diagnostic => (diagnostic.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error);
        const first = errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)[0];
        if (first) return { uri: member.uri.toString(), line: first.range.start.line, character: first.range.start.character, message: first.message };
    }
    return undefined;
}

/**
 * The request's cancellation token. A client that sends `sendRequest(method, params, undefined)` (the extension did,
 * without a token) makes vscode-jsonrpc send the positional parameters `[params, null]`: the handler then gets `null`
 * before the token.
 */
function cancellationOf(rest: readonly unknown[]): CancellationToken {
    return rest.find((value): value is CancellationToken => CancellationToken.is(value)) ?? CancellationToken.None;
}

/** The workspace scan's end, or a cancelled request. */
function whenReady(ready: Promise<void>, token: CancellationToken): Promise<void> {
    if (token.isCancellationRequested) return Promise.reject(OperationCancelled);
    return new Promise<void>((resolve, reject) => {
        const listener = token.onCancellationRequested(() => reject(OperationCancelled));
        ready.then(resolve, reject).finally(() => listener.dispose());
    });
}

/** Whether the URI has text to build: open in an editor, or a file that can be read. */
async function readable(services: BillingServerServices, uri: URI): Promise<boolean> {
    if (services.shared.workspace.TextDocuments?.get(uri.toString())) return true;
    try {
        await services.shared.workspace.FileSystemProvider.readFile(uri);
        return true;
    } catch {
        return false;
    }
}

async function exportGroup(
    connection: Connection, services: BillingServerServices, params: ExportParams, token: CancellationToken, root: string | undefined,
): Promise<ExportResult> {
    if (!params || typeof params.group !== 'string' || typeof params.out !== 'string' || params.out.length === 0) {
        return { ok: false, message: 'an export needs a group and an output file' };
    }
    if (!/\.csv(\.gz)?$/i.test(params.out)) return { ok: false, message: `'${params.out}': the file name must end in .csv or .csv.gz` };
    if (params.period !== undefined && !isPeriod(params.period)) return { ok: false, message: `'${params.period}' is not a period YYYY-MM` };
    const document = await documentFor(services, params.uri, token);
    if (!document) return { ok: false, message: `cannot read ${params.uri}` };
    const pricing = services.server.Pricing.pricingFor(document, params.period ?? 'all');
    if (pricing.kind !== 'priced') return { ok: false, message: 'detail' in pricing && pricing.detail ? `${pricing.label}: ${pricing.detail}` : pricing.label };
    if (pricing.stale) return { ok: false, message: `${pricing.stale}: fix them before exporting` };
    const groupIndex = pricing.model.groups.findIndex(group => group.name === params.group);
    if (groupIndex < 0) return { ok: false, message: `the policy has no group '${params.group}'` };
    if (params.period !== undefined && !pricing.periodInData) return { ok: false, message: `the data has no period ${params.period}` };

    const output = path.resolve(root ?? path.dirname(document.uri.fsPath), params.out);
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin(`Exporting group ${params.group}`, 0, path.basename(output), true);
    progress?.token.onCancellationRequested(() => controller.abort());
    try {
        const priced = pricePolicy(pricing.data.prepared, pricing.model, params.period ? { periods: [params.period] } : {});
        const result = await exportProformaCur({
            priced, groupIndex, files: pricing.data.cube.sources, output, signal: controller.signal,
            onFile: (done, total) => progress?.report(Math.round((done / total) * 100), `${done} of ${total} file${total === 1 ? '' : 's'}`),
        });
        return { ok: true, rows: result.rows + result.lineItemRows, message: `wrote ${output}: ${result.rows} line items and ${result.lineItemRows} custom line item rows` };
    } catch (error) {
        if (controller.signal.aborted) return { ok: false, message: 'the export was cancelled' };
        if (error instanceof IngestError) return { ok: false, message: error.message };
        const code = (error as NodeJS.ErrnoException)?.code;
        if (typeof code === 'string') return { ok: false, message: `cannot write ${output}: ${code}` };
        throw error;
    } finally {
        progress?.done();
    }
}
