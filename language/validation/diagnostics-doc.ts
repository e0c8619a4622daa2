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
        '## Silencing a finding',
        '',
        'A warning or an info that does not apply can be silenced where it is, with the reason written next to it:',
        '',
        '```billing',
        '// billing-ignore BIL014 the sandbox is paid by the platform team, billed to nobody',
        'account 444444444444 "sandbox"',
        '```',
        '',
        'The comment silences the codes it names (`BIL014, BIL100 reason` for several) on its own line and on the next',
        'line, in the editor and in `billing validate` alike. The reason is required ([BIL126](#bil126-ignore-without-reason)),',
        'and a comment that silences nothing is reported ([BIL127](#bil127-unused-ignore)). Errors cannot be silenced.',
        'In the editor, `billing.diagnostics.data` turns the data-aware findings (BIL100 on) off or sets their severity.',
        '',
        '## Links',
        '',
        'Each code in the editor links to its section below (LSP `codeDescription`). The link is this file on GitHub when',
        'the package\'s `repository` is a GitHub repository (`…/blob/HEAD/docs/diagnostics.md#bil014-unassigned-account`),',
        'else the copy installed with the extension; the anchor `#<code>-<name>` in lower case is stable, like the codes.',
        '`billing validate --format sarif` links the same way.',
        '',
        '| Code | Name | Severity | What it reports |',
        '| --- | --- | --- | --- |',
        ...issues.map(issue => `| [${issue.code}](#${diagnosticAnchor(issue)}) | \`${issue.name}\` | ${issue.severity} | ${escapeCell(issue.summary)} |`),
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

/** The anchor of a code's section (GitHub's and VS Code's Markdown preview's slug of `## BIL005 unknown-plan`). */
export function diagnosticAnchor(issue: Pick<AnyIssue, 'code' | 'name'>): string {
    return `${issue.code}-${issue.name}`.toLowerCase();
}

function escapeCell(text: string): string {
    return text.replace(/\|/g, '\\|');
}
