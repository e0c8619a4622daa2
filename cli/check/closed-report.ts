import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClosedPeriodChange } from '../../engine/close/index.js';
import type { Origin, PolicyModel } from '../../engine/index.js';
import { changeLocation, describeClosedChange } from '../../engine/close/index.js';
import { escapeData, escapeProperty } from '../output/github-format.js';
import { displayPath } from '../output/validation-report.js';

/** The closed periods part of `billing check --format json` (docs/cli.md): present when the policy closes periods. */
export interface ClosedPeriodsSection {
    /** The policy's `closed through` period. */
    readonly through: string;
    /** The lock file compared with, as shown (relative to the working directory). */
    readonly lockFile: string;
    /** What would change in the closed periods of the report; any one makes the check fail. */
    readonly changes: readonly LocatedChange[];
}

/** A change with its message and where it is reported (engine/close changeLocation: the rule, plan or group edited, the data statement, else `closed through`). */
export type LocatedChange = ClosedPeriodChange & {
    readonly message: string;
    readonly location?: { readonly file: string; readonly line: number; readonly column: number };
};

/**
 * `dataStatements`: false when `--data` replaced the policy's `data` statements (a change the data causes is then
 * reported at `closed through`, not at a statement that named other data).
 */
export function closedPeriodsSection(model: PolicyModel, changes: readonly ClosedPeriodChange[], lockFile: string, cwd: string, dataStatements = true): ClosedPeriodsSection {
    const at = (origin: Origin | undefined) => (origin ? { file: displayPath(filePath(origin.uri), cwd), line: origin.line, column: origin.column } : undefined);
    return {
        through: model.closedThrough!.period,
        lockFile,
        changes: changes.map((change) => {
            const location = at(changeLocation(model, change, { dataStatements }).origin);
            return { ...change, message: describeClosedChange(change, lockFile), ...(location && { location }) };
        }),
    };
}

function where(change: LocatedChange): string {
    return change.location ? `${change.location.file}:${change.location.line}:${change.location.column}: ` : '';
}

export function closedText(section: ClosedPeriodsSection | undefined): string[] {
    if (!section || section.changes.length === 0) return [];
    const count = section.changes.length;
    return [
        ...section.changes.map((change) => `error closed-period: ${where(change)}${change.message}`),
        `${count} change${count === 1 ? '' : 's'} to closed periods (closed through ${section.through}; lock file ${section.lockFile})`,
    ];
}

export function closedMarkdown(section: ClosedPeriodsSection | undefined): string[] {
    if (!section) return [];
    if (section.changes.length === 0) return [`Closed periods (through ${section.through}): unchanged.`, ''];
    return [`#### Closed periods (through ${section.through}) that would change`, '', ...section.changes.map((change) => `- ❌ ${change.message}`), ''];
}

export function closedGithub(section: ClosedPeriodsSection | undefined): string {
    if (!section) return '';
    return section.changes.map((change) => {
        const at = change.location ? [['file', change.location.file], ['line', String(change.location.line)], ['col', String(change.location.column)]] : [];
        const properties = [...at, ['title', 'closed-period-changed']].map(([key, value]) => `${key}=${escapeProperty(value!)}`).join(',');
        return `::error ${properties}::${escapeData(change.message)}\n`;
    }).join('');
}

function filePath(uri: string): string {
    return uri.startsWith('file:') ? fileURLToPath(uri) : path.normalize(uri);
}
