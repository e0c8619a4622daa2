import { Transform, type TransformCallback } from 'node:stream';

/** The largest LSP message the server accepts (a whole document of several MB fits many times over). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** The largest header block (`Content-Length: …\r\n…\r\n\r\n`). */
const MAX_HEADER_BYTES = 8 * 1024;
const END_OF_HEADERS = Buffer.from('\r\n\r\n');

/**
 * Checks the base-protocol framing of the bytes the client sends, in front of the JSON-RPC reader, and passes them
 * through unchanged. vscode-jsonrpc leaves the server alive but deaf on a missing or malformed `Content-Length`
 * (and buffers for ever on a huge one); here any of these is an error, on which the server exits so that the client
 * restarts it.
 */
export class FramingGuard extends Transform {
    private header = Buffer.alloc(0);
    private bodyLeft = 0;

    override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
        let offset = 0;
        while (offset < chunk.length) {
            if (this.bodyLeft > 0) {
                const taken = Math.min(this.bodyLeft, chunk.length - offset);
                this.bodyLeft -= taken;
                offset += taken;
                continue;
            }
            // Header bytes: accumulate to the blank line (headers are small; a body is never copied).
            const rest = chunk.subarray(offset);
            const joined = this.header.length > 0 ? Buffer.concat([this.header, rest]) : rest;
            const end = joined.indexOf(END_OF_HEADERS);
            if (end < 0) {
                if (joined.length > MAX_HEADER_BYTES) return callback(new Error(`LSP header longer than ${MAX_HEADER_BYTES} bytes without an end`));
                this.header = Buffer.from(joined);
                break;
            }
            const length = contentLength(joined.subarray(0, end).toString('ascii'));
            if (typeof length === 'string') return callback(new Error(length));
            const consumedOfRest = end + END_OF_HEADERS.length - this.header.length;
            this.header = Buffer.alloc(0);
            this.bodyLeft = length;
            offset += consumedOfRest;
        }
        callback(null, chunk);
    }
}

/** The Content-Length of a header block, or what is wrong with it. */
function contentLength(headers: string): number | string {
    const lines = headers.split('\r\n').filter((line) => line.length > 0);
    const values = lines.filter((line) => /^content-length\s*:/i.test(line)).map((line) => line.slice(line.indexOf(':') + 1).trim());
    if (values.length !== 1) return `LSP message header must have one Content-Length (got ${values.length})`;
    if (!/^[0-9]{1,12}$/.test(values[0]!)) return `LSP Content-Length must be a non-negative integer (got '${values[0]!.slice(0, 40)}')`;
    const length = Number(values[0]);
    if (length > MAX_MESSAGE_BYTES) return `LSP Content-Length ${length} exceeds the ${MAX_MESSAGE_BYTES}-byte limit`;
    return length;
}
