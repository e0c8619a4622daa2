import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { githubSlug, headingLine } from '../../client/docs/heading-line.js';
import { KEYWORD_SECTIONS } from '../../server/lsp/keyword-docs.js';

/**
 * A keyword hover's docs link, when package.json names no repository, runs `billing.openDocs [path, anchor]`: the
 * shipped file opens with that section's heading at the top (a `file://…#anchor` link opens the file at line 1, VS Code
 * does not follow the fragment). VS Code is replaced by the calls open-docs.ts makes; the docs are the real files.
 */

const state = vi.hoisted(() => ({
    opened: [] as string[],
    shown: [] as { line: number; character: number }[],
    revealed: [] as { line: number; type: string }[],
    read: (_file: string): string => '',
}));

vi.mock('vscode', () => {
    class Position { constructor(readonly line: number, readonly character: number) {} }
    class Range { constructor(readonly start: Position, readonly end: Position) {} }
    return {
        Position, Range,
        TextEditorRevealType: { AtTop: 'AtTop' },
        Uri: { joinPath: (base: { fsPath: string }, ...parts: string[]) => ({ fsPath: path.join(base.fsPath, ...parts) }) },
        workspace: {
            async openTextDocument(uri: { fsPath: string }) {
                state.opened.push(uri.fsPath);
                const text = state.read(uri.fsPath);
                const lines = text.split('\n');
                return { getText: () => text, lineAt: (line: number) => ({ range: new Range(new Position(line, 0), new Position(line, lines[line]!.length)) }) };
            },
        },
        window: {
            async showTextDocument(_document: unknown, options: { selection: Range }) {
                state.shown.push({ line: options.selection.start.line, character: options.selection.start.character });
                return { revealRange: (range: Range, type: string) => state.revealed.push({ line: range.start.line, type }) };
            },
        },
    };
});

const { openDocs } = await import('../../client/commands/open-docs.js');

describe('docs links of keyword hovers open the shipped file at the section', () => {
    beforeEach(() => {
        state.opened = [];
        state.shown = [];
        state.revealed = [];
        state.read = (file) => readFileSync(file, 'utf8');
    });

    it('every section a keyword links to is a heading of its file, found by its anchor', () => {
        for (const section of new Set(Object.values(KEYWORD_SECTIONS))) {
            const lines = readFileSync(section.path, 'utf8').split('\n');
            if (!section.anchor) continue;
            const line = headingLine(lines.join('\n'), section.anchor);
            expect(line, `${section.path}#${section.anchor}`).toBeDefined();
            expect(lines[line!], `${section.path}#${section.anchor}`).toMatch(/^#{1,6} /);
            expect(githubSlug(lines[line!]!.replace(/^#+ /, '')), `${section.path}#${section.anchor}`).toBe(section.anchor);
        }
    });

    it('numbers repeated headings as GitHub does and skips fenced code', () => {
        const markdown = ['# Top', '```', '## Rules', '```', '## Rules', 'text', '## Rules', '~~~', '# Rules', '~~~', '### Rules!'].join('\n');
        // Hand-counted: line 2 is inside a fence; "rules" at 4, "rules-1" at 6, line 8 fenced, "rules-2" at 10 ("!" dropped).
        expect([headingLine(markdown, 'top'), headingLine(markdown, 'rules'), headingLine(markdown, 'rules-1'), headingLine(markdown, 'rules-2'), headingLine(markdown, 'none')])
            .toEqual([0, 4, 6, 10, undefined]);
    });

    it('billing.openDocs opens README.md with the "Pricing rules" heading selected and at the top', async () => {
        const root = path.resolve('.');
        await openDocs({ fsPath: root } as never, 'README.md', 'pricing-rules');
        const expected = readFileSync('README.md', 'utf8').split('\n').findIndex((line) => line === '## Pricing rules' || line === '### Pricing rules');
        expect(expected).toBeGreaterThan(0);
        expect(state.opened).toEqual([path.join(root, 'README.md')]);
        expect(state.shown).toEqual([{ line: expected, character: 0 }]);
        expect(state.revealed).toEqual([{ line: expected, type: 'AtTop' }]);
    });

    it('an unknown anchor opens the file at its top; a path outside the docs is refused', async () => {
        await openDocs({ fsPath: path.resolve('.') } as never, 'docs/cli.md', 'no-such-section');
        expect(state.shown).toEqual([{ line: 0, character: 0 }]);
        for (const bad of ['../secrets.md', '/etc/passwd', 'docs/../package.json', 42]) {
            await expect(openDocs({ fsPath: path.resolve('.') } as never, bad, '')).rejects.toThrow(/no documentation file/);
        }
        expect(state.opened).toHaveLength(1);
    });
});
