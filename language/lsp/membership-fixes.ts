import { AstUtils, type LangiumDocument } from 'langium';
import { isGroup, isMembership, isPolicy, isPrimary, type AccountRef, type Group, type Membership } from '../generated/ast.js';
import { accountIdOf } from '../validation/accounts.js';
import { describeRange, isEmptyRange, rangesOverlap, type PeriodRangeText } from '../validation/periods.js';
import type { QuickFix } from './billing-code-action-provider.js';
import { editOf, endOfLine, indentationAt, lineBreakOf, listElementRemoval, wholeLines, type Span } from './text-edits.js';

interface Entry {
    readonly group: Group;
    readonly membership: Membership;
    readonly ref: AccountRef;
}

/**
 * BIL065 (an account in two groups, or twice in one, for overlapping periods): fixes that each leave no new error.
 * - remove this membership (never a group's primary: that would only trade BIL065 for BIL061, whose fix brings it back);
 * - move the account to this group: remove it from the other group's clause (same file, not that group's primary);
 * - give this membership `until`/`from` so that it ends when the other starts, or starts when the other ends.
 * A fix is offered only when the account's memberships in this file no longer overlap after it.
 */
export function overlappingMembershipFixes(document: LangiumDocument, ref: AccountRef): QuickFix[] {
    const membership = AstUtils.getContainerOfType(ref, isMembership);
    const group = membership && AstUtils.getContainerOfType(membership, isGroup);
    const id = accountIdOf(ref);
    const root = document.parseResult.value;
    if (!membership?.$cstNode || !group || !ref.$cstNode || id === undefined || !isPolicy(root)) return [];
    const text = document.textDocument.getText();
    const written = ref.$cstNode.text;
    const entries = root.statements.filter(isGroup).flatMap(g => g.members.filter(isMembership).filter(m => !isEmptyRange(m))
        .flatMap(m => m.accounts.filter(r => accountIdOf(r) === id).map(r => ({ group: g, membership: m, ref: r }))));
    const self = entries.find(entry => entry.ref === ref);
    if (!self) return [];
    const others = entries.filter(entry => entry !== self && rangesOverlap(entry.membership, membership));
    const fixes: QuickFix[] = [];
    const overlapsAfter = (removed: readonly Entry[], changed?: PeriodRangeText): boolean => {
        const left = entries.filter(entry => !removed.includes(entry));
        const range = (entry: Entry): PeriodRangeText => (entry === self && changed ? changed : entry.membership);
        return left.some((a, i) => left.slice(i + 1).some(b => rangesOverlap(range(a), range(b))));
    };

    const sameGroup = others.some(other => other.group === group);
    if (!isPrimaryOf(group, id) || sameGroup) {
        if (!overlapsAfter([self])) {
            const title = sameGroup ? `Remove the duplicate membership of ${written}` : `Remove ${written} from group '${group.name}'`;
            fixes.push({ title, edits: [editOf(document.textDocument, removalOf(text, self), '')], preferred: sameGroup });
        }
    }

    const elsewhere = others.filter(other => other.group !== group);
    if (elsewhere.length > 0 && elsewhere.every(other => !isPrimaryOf(other.group, id)) && !overlapsAfter(elsewhere)) {
        const names = [...new Set(elsewhere.map(other => `'${other.group.name}'`))].join(', ');
        // Removals of separate clauses never overlap; two refs of one clause are removed as one span.
        const spans = mergeSpans(elsewhere.map(other => removalOf(text, other)));
        fixes.push({ title: `Move ${written} to group '${group.name}' (remove it from ${names})`, edits: spans.map(span => editOf(document.textDocument, span, '')) });
    }

    for (const range of limitedRanges(membership, others)) {
        if (isEmptyRange(range) || overlapsAfter([], range)) continue;
        const edits = withRange(document, text, self, range);
        if (edits) fixes.push({ title: `Make ${written} a member of '${group.name}' ${describeRange(range)} only`, edits });
    }
    return fixes;
}

function isPrimaryOf(group: Group, id: string): boolean {
    return group.members.some(member => isPrimary(member) && member.account !== undefined && accountIdOf(member.account) === id);
}

/** The text to delete: the account with its comma, or the whole `accounts` line when it is the only account. */
function removalOf(text: string, entry: Entry): Span {
    const element = { start: entry.ref.$cstNode!.offset, end: entry.ref.$cstNode!.end };
    return listElementRemoval(text, element) ?? wholeLines(text, { start: entry.membership.$cstNode!.offset, end: entry.membership.$cstNode!.end });
}

function mergeSpans(spans: readonly Span[]): Span[] {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    const merged: Span[] = [];
    for (const span of sorted) {
        const last = merged[merged.length - 1];
        if (last && span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
        else merged.push(span);
    }
    return merged;
}

/** This membership's range cut so that it ends when an overlapping one starts, or starts when it ends. */
function limitedRanges(own: PeriodRangeText, others: readonly Entry[]): PeriodRangeText[] {
    const ranges: PeriodRangeText[] = [];
    for (const other of others) {
        const { from, until } = other.membership;
        if (from !== undefined && (own.from === undefined || own.from < from)) ranges.push({ ...(own.from ? { from: own.from } : {}), until: from });
        if (until !== undefined && (own.until === undefined || until < own.until)) ranges.push({ from: until, ...(own.until ? { until: own.until } : {}) });
    }
    const seen = new Set<string>();
    return ranges.filter(range => {
        const key = `${range.from ?? ''}..${range.until ?? ''}`;
        return !seen.has(key) && (seen.add(key), true);
    });
}

/**
 * Gives the account `range`: the clause's own range when it lists only this account, else a new clause for it;
 * undefined when the account cannot be cut out of its list cleanly (no fix then, rather than a broken edit).
 */
function withRange(document: LangiumDocument, text: string, entry: Entry, range: PeriodRangeText): ReturnType<typeof editOf>[] | undefined {
    const clause = entry.membership.$cstNode!;
    const rangeText = `${range.from !== undefined ? ` from ${range.from}` : ''}${range.until !== undefined ? ` until ${range.until}` : ''}`;
    const written = entry.ref.$cstNode!.text;
    if (entry.membership.accounts.length === 1) {
        return [editOf(document.textDocument, { start: clause.offset, end: clause.end }, `accounts ${written}${rangeText}`)];
    }
    const at = endOfLine(text, clause.end);
    const lineBreak = lineBreakOf(text);
    const prefix = at === text.length && !text.endsWith('\n') ? lineBreak : '';
    const removal = listElementRemoval(text, { start: entry.ref.$cstNode!.offset, end: entry.ref.$cstNode!.end });
    if (!removal) return undefined;
    return [
        editOf(document.textDocument, removal, ''),
        editOf(document.textDocument, { start: at, end: at }, `${prefix}${indentationAt(text, clause.offset)}accounts ${written}${rangeText}${lineBreak}`),
    ];
}

/**
 * For BIL061's fix (add the primary to its group's accounts): the edits that take the account out of the other groups
 * of this file that have it, so that the fix does not make a BIL065; undefined when one of them has it as primary (no
 * fix leaves no error then).
 */
export function leaveOtherGroups(document: LangiumDocument, group: Group, id: string): { readonly groups: readonly string[]; readonly spans: readonly Span[] } | undefined {
    const root = document.parseResult.value;
    if (!isPolicy(root)) return { groups: [], spans: [] };
    const text = document.textDocument.getText();
    const elsewhere = root.statements.filter(isGroup).filter(g => g !== group).flatMap(g => g.members.filter(isMembership).filter(m => !isEmptyRange(m))
        .flatMap(m => m.accounts.filter(r => accountIdOf(r) === id).map(r => ({ group: g, membership: m, ref: r }))));
    if (elsewhere.some(entry => isPrimaryOf(entry.group, id))) return undefined;
    return { groups: [...new Set(elsewhere.map(entry => entry.group.name))], spans: mergeSpans(elsewhere.map(entry => removalOf(text, entry))) };
}
