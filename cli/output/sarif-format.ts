import { pathToFileURL } from 'node:url';
import { diagnosticHelpUrl, documentationUrl, isCatalogueCode } from '../docs-links.js';
import type { DiagnosticRecord, Severity, ValidationReport } from './validation-report.js';

/** The OASIS SARIF 2.1.0 schema (the one GitHub code scanning and the SARIF validator accept). */
export const sarifSchemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Artifact URIs are relative to this base, which `originalUriBaseIds` maps to the working directory. */
export const sourceRootId = '%SRCROOT%';

export interface SarifOptions {
    readonly toolVersion: string;
    /** Working directory (absolute): the value of %SRCROOT%. */
    readonly cwd: string;
    /** The diagnostic catalogue's description of a code; without one, the rule is described by its first message. */
    readonly describeCode?: (code: string) => CodeDescription | undefined;
}

export interface CodeDescription {
    /** The catalogue's kebab-case name of the code: part of its docs anchor. */
    readonly name?: string;
    /** One line: the rule's short description. */
    readonly summary: string;
    /** Markdown: why it matters and how to fix it (shown by code-scanning viewers as the rule's help). */
    readonly explanation?: string;
}

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A SARIF 2.1.0 log with one run: for GitHub code scanning and other SARIF viewers. */
export function formatSarif(report: ValidationReport, options: SarifOptions): string {
    const codes = [...new Set(report.diagnostics.map((d) => d.code))].sort();
    const ruleIndex = new Map(codes.map((code, index) => [code, index]));
    const artifactIndex = new Map(report.files.map((file, index) => [file, index]));
    const log = {
        $schema: sarifSchemaUri,
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'billing',
                    version: options.toolVersion,
                    semanticVersion: options.toolVersion,
                    informationUri: documentationUrl('docs/cli.md'),
                    rules: codes.map((code) => rule(code, report.diagnostics, options)),
                },
            },
            invocations: [{ executionSuccessful: true }],
            originalUriBaseIds: { [sourceRootId]: { uri: directoryUri(options.cwd) } },
            artifacts: report.files.map((file) => ({ location: { uri: relativeUri(file), uriBaseId: sourceRootId } })),
            columnKind: 'utf16CodeUnits',
            results: report.diagnostics.map((d) => ({
                ruleId: d.code,
                ruleIndex: ruleIndex.get(d.code)!,
                level: levels[d.severity],
                message: { text: d.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: { uri: relativeUri(d.file), uriBaseId: sourceRootId, index: artifactIndex.get(d.file) ?? -1 },
                        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
                    },
                }],
            })),
        }],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}

/** Langium's own diagnostic codes (the catalogue may later map them to BIL codes). */
const builtInDescriptions: Readonly<Record<string, string>> = {
    'lexing-error': 'Unrecognized characters',
    'parsing-error': 'Syntax error',
    'linking-error': 'Unresolved reference',
};

function rule(code: string, diagnostics: readonly DiagnosticRecord[], options: SarifOptions): object {
    const described = options.describeCode?.(code);
    const summary = described?.summary ?? builtInDescriptions[code] ?? diagnostics.find((d) => d.code === code)!.message;
    return {
        id: code,
        shortDescription: { text: summary },
        ...(described?.explanation ? {
            fullDescription: { text: described.explanation },
            help: { text: described.explanation, markdown: described.explanation },
        } : {}),
        ...(isCatalogueCode(code) ? { helpUri: diagnosticHelpUrl(code, described?.name) } : {}),
    };
}

/** A relative path (with `/`) as a URI reference: each segment percent-encoded (spaces, `#`, `?` …). */
export function relativeUri(file: string): string {
    return file.split('/').map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

function directoryUri(directory: string): string {
    const href = pathToFileURL(directory).href;
    return href.endsWith('/') ? href : `${href}/`;
}
