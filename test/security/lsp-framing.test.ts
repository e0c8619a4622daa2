/**
 * Issue 18, lower impact: a missing, negative or huge (2^40) Content-Length used to leave the language server
 * alive but deaf (buffering for ever); it now exits, so that the client restarts it. A well-framed message split
 * across chunks still goes through.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FramingGuard, MAX_MESSAGE_BYTES } from '../../server/framing-guard.js';

const SERVER = path.resolve('out/server.cjs');

function exitOf(bytes: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        const timer = setTimeout(() => child.kill(), 20_000);
        child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
        child.stdin.write(bytes);
    });
}

async function through(chunks: readonly string[]): Promise<{ out: string; error?: string }> {
    const guard = new FramingGuard();
    let out = '';
    guard.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    return new Promise((resolve) => {
        guard.on('error', (error) => resolve({ out, error: error.message }));
        guard.on('end', () => resolve({ out }));
        Readable.from(chunks.map((chunk) => Buffer.from(chunk))).pipe(guard);
    });
}

describe('the language server exits on a bad Content-Length', () => {
    for (const [label, header] of [
        ['missing', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
        ['negative', 'Content-Length: -5\r\n\r\n{}'],
        ['2^40', `Content-Length: ${2 ** 40}\r\n\r\n{`],
        ['not a number', 'Content-Length: abc\r\n\r\n{}'],
    ] as const) {
        it(label, async () => {
            const { code, stderr } = await exitOf(header);
            expect(code).toBe(1);
            expect(stderr).toContain('exiting so that the client restarts it');
        });
    }
});

describe('FramingGuard', () => {
    const message = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

    it('passes well-framed messages through unchanged, however they are split', async () => {
        const text = message('{"jsonrpc":"2.0","method":"a"}') + message('{"x":"é\\r\\n\\r\\n"}');
        for (const size of [1, 3, 7, text.length]) {
            const chunks: string[] = [];
            for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
            const result = await through(chunks);
            expect(result.error).toBeUndefined();
            expect(result.out).toBe(text);
        }
    });

    it('rejects a header without an end, and lengths above the limit', async () => {
        expect((await through(['X'.repeat(9000)])).error).toMatch(/header longer/);
        expect((await through([`Content-Length: ${MAX_MESSAGE_BYTES + 1}\r\n\r\n`])).error).toMatch(/exceeds/);
    });
});
