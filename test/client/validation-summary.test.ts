import { describe, expect, it } from 'vitest';
import { summarizeValidation } from '../../client/commands/validation-summary.js';

describe('Validate Workspace summary', () => {
    it('counts errors and warnings per file and lists them like the CLI', () => {
        const summary = summarizeValidation([
            { path: 'b.billing', diagnostics: [{ severity: 'warning', code: 'BIL050', message: 'unused', line: 3, column: 1 }] },
            { path: 'a.billing', diagnostics: [
                { severity: 'error', code: 'BIL010', message: 'second', line: 9, column: 2 },
                { severity: 'error', code: 'BIL001', message: 'first', line: 2, column: 5 },
            ] },
            { path: 'c.billing', diagnostics: [] },
        ]);
        expect(summary).toMatchObject({ files: 3, errors: 2, warnings: 1, filesWithErrors: 1 });
        expect(summary.message).toBe('3 .billing files validated: 2 errors in 1 file, 1 warning.');
        expect(summary.details).toEqual([
            'a.billing:2:5 error BIL001 first',
            'a.billing:9:2 error BIL010 second',
            'b.billing:3:1 warning BIL050 unused',
        ]);
    });

    it('clean and empty workspaces', () => {
        expect(summarizeValidation([{ path: 'a.billing', diagnostics: [] }]).message).toBe('1 .billing file validated: no problems.');
        expect(summarizeValidation([]).message).toBe('No .billing files in the workspace.');
    });
});
