import type { DataStatus } from '../../server/protocol.js';

/** What the status bar item shows for a data status (pure: unit-tested without VS Code). */
export interface StatusPresentation {
    /** Status bar text with codicons (`$(sync~spin)` spins while loading). */
    readonly text: string;
    readonly tooltip: string;
    readonly severity: 'normal' | 'warning' | 'error';
    /** The command a click runs when it is not "Select Billing Data…". */
    readonly command?: 'billing.restartServer' | 'billing.selectPeriod';
}

const MAX_SOURCE_LENGTH = 40;

/** How the server names the bundled sample (server/data/data-source.ts). */
export const BUNDLED_SAMPLE_LABEL = 'bundled sample';

/** "…/cur/2026/*.csv.gz" for long paths: the tail of a path says more than its head. */
export function shortenSource(source: string, max = MAX_SOURCE_LENGTH): string {
    if (source.length <= max) return source;
    const parts = source.split(/[\\/]/);
    let tail = parts.pop() ?? source;
    while (parts.length > 0 && tail.length + parts[parts.length - 1].length + 2 <= max - 1) tail = `${parts.pop()}/${tail}`;
    return tail.length + 2 <= max ? `…/${tail}` : `…${source.slice(source.length - max + 1)}`;
}

export function describeStatus(status: DataStatus | undefined): StatusPresentation {
    const presentation = describeDataStatus(status);
    if (!status?.restricted) return presentation;
    return {
        ...presentation,
        text: `$(shield) ${presentation.text.replace(/^\$\([a-z~-]+\) /, '')}`,
        tooltip: `Restricted Mode: the workspace's billing data is not read until you trust the workspace; figures are the bundled sample's.\n${presentation.tooltip}`,
    };
}

function describeDataStatus(status: DataStatus | undefined): StatusPresentation {
    const clickHint = 'Click to select billing data or period.';
    if (!status) {
        return { text: '$(database) Billing: starting…', tooltip: 'The billing language server is starting.', severity: 'normal' };
    }
    const source = status.source ? shortenSource(status.source) : 'no data';
    switch (status.state) {
        case 'loading': {
            const percent = status.progress === undefined ? '' : ` ${Math.floor(Math.min(1, Math.max(0, status.progress)) * 100)}%`;
            return {
                text: `$(sync~spin) Billing: loading ${source}${percent}`,
                tooltip: `Loading billing data from ${status.source ?? 'the configured source'}…\n${clickHint}`,
                severity: 'normal',
            };
        }
        case 'ready': {
            const period = status.period ?? status.periods[status.periods.length - 1] ?? 'no period';
            const rows = status.rows === undefined ? '' : `, ${status.rows.toLocaleString('en-US')} rows`;
            const periods = status.periods.length > 0 ? `\nPeriods in the data: ${status.periods.join(', ')}` : '';
            // When the figures were computed, from which files: a file replaced on disk is read again (issue 17).
            const read = status.loadedAt ? `\nRead ${status.loadedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${status.files && status.files.length > 0 ? ` from ${describeFiles(status.files)}` : ''}` : '';
            if (status.period && !status.periods.includes(status.period)) {
                // Never a silent bill of zeros: the period shown is not in this data (issue 11, defect 3).
                return {
                    text: `$(warning) ${source} · ${status.period} (not in data)`,
                    tooltip: `Billing data: ${status.source ?? 'unknown'}${rows}\nThe period ${status.period} is not in this data: no figures.${periods}\nClick to select the period.`,
                    severity: 'warning',
                    command: 'billing.selectPeriod',
                };
            }
            // The bundled sample by name, never the extension's install path; the way to the user's own CUR (defect 8).
            const sample = status.source === BUNDLED_SAMPLE_LABEL;
            return {
                text: `$(${sample ? 'beaker' : 'database'}) ${source} · ${period}`,
                tooltip: `Billing data: ${status.source ?? 'unknown'}${rows}${sample ? ' (shipped with the extension: select your CUR to price your own accounts)' : ''}\nPeriod shown: ${period}${periods}${read}\n${clickHint}`,
                severity: 'normal',
            };
        }
        case 'error':
            return {
                text: `$(error) Billing: data error`,
                tooltip: `Billing data could not be loaded from ${status.source ?? 'the configured source'}:\n${status.message ?? 'unknown error'}\n${clickHint}`,
                severity: 'error',
            };
        case 'cancelled':
            return {
                text: `$(circle-slash) Billing: loading cancelled`,
                tooltip: `Loading ${status.source ?? 'billing data'} was cancelled${status.message ? `: ${status.message}` : ''}.\n${clickHint}`,
                severity: 'warning',
            };
        case 'none':
            return {
                text: `$(database) Billing: no data`,
                tooltip: `No billing data loaded${status.message ? `: ${status.message}` : ''}.\n${clickHint}`,
                severity: 'warning',
            };
    }
}

/**
 * A language server that stopped or could not load the workspace: no lens, hint or hover will come, so the item says
 * so (whatever the data status) and a click restarts the server.
 */
export function describeServerFailure(message: string): StatusPresentation {
    return {
        text: '$(error) Billing: server stopped',
        tooltip: `${message}\nClick to restart the billing language server.`,
        severity: 'error',
        command: 'billing.restartServer',
    };
}

/** The files read, by name: up to three, then how many more. */
function describeFiles(files: readonly string[]): string {
    const names = files.map((file) => file.split(/[\\/]/).pop() ?? file);
    return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
