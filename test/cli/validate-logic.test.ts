// The validate command's logic (severities, --max-warnings, formats) with a stub validator: the language does not
// yet have checks that emit warnings or infos, and these rules must hold whatever checks land later.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Diagnostic } from 'vscode-languageserver-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidateCommand, type PolicyValidator } from '../../cli/commands/validate.js';
import { escapeData, escapeProperty } from '../../cli/output/github-format.js';
import { relativeUri } from '../../cli/output/sarif-format.js';
import { runCli } from '../../cli/run.js';
import { repoRoot } from './cli-harness.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function diagnostic(severity: Diagnostic['severity'], line: number, code: string | undefined, message: string): Diagnostic {
    return { severity, range: { start: { line, character: 2 }, end: { line, character: 9 } }, message, ...(code ? { code } : {}) };
}

describe('billing validate logic (stub validator)', () => {
    let dir: string;
    let file: string;
    const run = async (args: string[], diagnostics: Diagnostic[]) => {
        const validator: PolicyValidator = async (files) => ({ files, diagnostics: diagnostics.map((d) => ({ file: files[0]!, diagnostic: d })) });
        let stdout = '';
        let stderr = '';
        const status = await runCli(args, {
            cwd: dir,
            stdout: { write: (text) => { stdout += text; } },
            stderr: { write: (text) => { stderr += text; } },
            env: {},
        }, [createValidateCommand(validator)]);
        return { status, stdout, stderr };
    };
    const twoWarnings = [diagnostic(2, 0, 'BIL900', 'first warning'), diagnostic(2, 3, 'BIL901', 'second warning')];

    beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'billing-cli-logic-'));
        file = path.join(dir, 'policy.billing');
        writeFileSync(file, '// stub\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('warnings alone exit 0 without --max-warnings', async () => {
        const result = await run(['validate', 'policy.billing'], twoWarnings);
        expect(result.status).toBe(0);
        expect(result.stdout).toBe('policy.billing:1:3 warning BIL900 first warning\npolicy.billing:4:3 warning BIL901 second warning\n');
        expect(result.stderr).toBe('0 errors, 2 warnings in 1 file\n');
    });

    it('--max-warnings N: exit 0 up to N warnings, 1 above', async () => {
        expect((await run(['validate', '--max-warnings', '2'], twoWarnings)).status).toBe(0);
        expect((await run(['validate', '--max-warnings=5'], twoWarnings)).status).toBe(0);
        const over = await run(['validate', '--max-warnings', '1'], twoWarnings);
        expect(over.status).toBe(1);
        expect(over.stderr).toBe('0 errors, 2 warnings in 1 file\nbilling: 2 warnings exceed --max-warnings 1\n');
        expect((await run(['validate', '--max-warnings', '0'], twoWarnings)).status).toBe(1);
        expect((await run(['validate', '--max-warnings', '0'], [])).status).toBe(0);
    });

    it('errors exit 1 whatever --max-warnings says', async () => {
        const result = await run(['validate', '--max-warnings', '10'], [diagnostic(1, 0, 'BIL001', 'an error'), ...twoWarnings]);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe('1 error, 2 warnings in 1 file\n');
    });

    it('maps LSP severities: missing → error, 3 and 4 → info; infos never fail the run', async () => {
        const result = await run(['validate', '-f', 'json', '--max-warnings', '0'], [
            diagnostic(3, 0, 'BIL950', 'an info'), diagnostic(4, 1, 'BIL951', 'a hint'),
        ]);
        expect(result.status).toBe(0);
        const report = JSON.parse(result.stdout);
        expect(report.diagnostics.map((d: { severity: string }) => d.severity)).toEqual(['info', 'info']);
        expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 2, files: 1 });
        const unspecified = await run(['validate', '-f', 'json'], [diagnostic(undefined, 0, 'BIL952', 'no severity')]);
        expect(unspecified.status).toBe(1);
        expect(JSON.parse(unspecified.stdout).diagnostics[0].severity).toBe('error');
    });

    it('takes the code from `code`, else from Langium\'s `data.code`, else "unknown"', async () => {
        const withData: Diagnostic = { ...diagnostic(1, 0, undefined, 'parser says no'), data: { code: 'parsing-error' } };
        const result = await run(['validate', '-f', 'json'], [withData, diagnostic(1, 1, undefined, 'bare'), diagnostic(1, 2, 'BIL003', 'coded')]);
        expect(JSON.parse(result.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(['parsing-error', 'unknown', 'BIL003']);
    });

    it('text output keeps one line per diagnostic even when a message has line breaks', async () => {
        const result = await run(['validate'], [diagnostic(1, 0, 'BIL010', 'first line\nsecond line')]);
        expect(result.stdout).toBe('policy.billing:1:3 error BIL010 first line second line\n');
    });

    it('github: warning → ::warning, info → ::notice; message line breaks are escaped', async () => {
        const result = await run(['validate', '-f', 'github'], [
            diagnostic(2, 0, 'BIL900', 'careful'), diagnostic(3, 1, 'BIL950', 'fyi: 50% done\r\nnext'),
        ]);
        expect(result.stdout).toBe(
            '::warning file=policy.billing,line=1,col=3,endLine=1,endColumn=10,title=BIL900::careful\n'
            + '::notice file=policy.billing,line=2,col=3,endLine=2,endColumn=10,title=BIL950::fyi: 50%25 done%0D%0Anext\n',
        );
    });

    it('sarif: levels warning and note, helpUri per catalogue code, still schema-valid', async () => {
        const result = await run(['validate', '-f', 'sarif'], [diagnostic(2, 0, 'BIL900', 'careful'), diagnostic(4, 1, 'BIL950', 'fyi')]);
        const log = JSON.parse(result.stdout);
        expect(log.runs[0].results.map((r: { level: string }) => r.level)).toEqual(['warning', 'note']);
        expect(log.runs[0].tool.driver.rules.map((r: { helpUri: string }) => r.helpUri)).toEqual([
            expect.stringMatching(/docs\/diagnostics\.md#bil900$/), expect.stringMatching(/docs\/diagnostics\.md#bil950$/),
        ]);
        const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/cli/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
        const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);
        expect(validate(log)).toBe(true);
    });
});

describe('escaping helpers', () => {
    it('github data escapes %, CR and LF (in that order, so escapes are not re-escaped)', () => {
        expect(escapeData('100%\r\nok')).toBe('100%25%0D%0Aok');
        expect(escapeData('%0A')).toBe('%250A');
    });

    it('github properties also escape : and ,', () => {
        expect(escapeProperty('C:\\a,b%\n')).toBe('C%3A\\a%2Cb%25%0A');
    });

    it('SARIF relative URIs percent-encode each segment but keep / and ..', () => {
        expect(relativeUri('../team a/x#1?.billing')).toBe('../team%20a/x%231%3F.billing');
    });
});
