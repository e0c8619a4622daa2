import { allIssues, type AnyIssue } from './issue-codes.js';

/*
 * Renders docs/diagnostics.md from the catalogue. Plain string building, no Langium, so the
 * regeneration script can bundle just this file and the catalogue.
 */

export const DIAGNOSTICS_DOC_PATH = 'docs/diagnostics.md';

export function renderDiagnosticsDoc(issues: readonly AnyIssue[] = allIssues): string {
    const lines: string[] = [
        '# Diagnostics of the `.billing` language',
        '',
        '<!-- Generated from language/validation/issue-codes.ts: run `node scripts/gen-diagnostics-doc.mjs`. Do not edit by hand. -->',
        '',
        'Every diagnostic has a stable code (`BIL…`) and name. Editors show the code next to the message, the',
        '`billing validate` command prints it, and quick fixes key off it. Errors make a policy unusable for',
        'billing; warnings point at something that is probably not what was meant; infos are worth a look.',
        'Codes from BIL100 on are data-aware: the editor checks them once billing data is loaded (see each',
        'example\'s "Data"), never while you type.',
        '',
        '| Code | Name | Severity | What it reports |',
        '| --- | --- | --- | --- |',
        ...issues.map(issue => `| [${issue.code}](#${anchor(issue)}) | \`${issue.name}\` | ${issue.severity} | ${escapeCell(issue.summary)} |`),
        '',
    ];
    for (const issue of issues) {
        lines.push(
            `## ${issue.code} ${issue.name}`,
            '',
            `**Severity:** ${issue.severity}. ${issue.summary}.`,
            '',
            issue.explanation,
            '',
            ...(issue.dataContext ? [`Data: ${issue.dataContext}`, ''] : []),
            issue.sketch ? 'Wrong (sketch):' : 'Wrong:',
            '',
            '```billing',
            issue.wrong,
            '```',
            '',
            issue.sketch ? 'Right (sketch):' : 'Right:',
            '',
            '```billing',
            issue.right,
            '```',
            '',
        );
    }
    return lines.join('\n');
}

function anchor(issue: AnyIssue): string {
    return `${issue.code}-${issue.name}`.toLowerCase();
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, '\\|');
}
