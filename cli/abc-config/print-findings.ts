import * as path from 'node:path';
import type { AbcFinding } from '../../engine/abc-config/index.js';
import type { TextSink } from '../context.js';

/**
 * Prints findings one a line, `file:line: lossy|quota|note: construct: message`, as compilers do, so
 * editors and CI logs link them. Returns how many would make the output wrong (lossy and quota).
 */
export function printFindings(findings: readonly AbcFinding[], stderr: TextSink, cwd: string): number {
    let blocking = 0;
    for (const finding of findings) {
        if (finding.severity !== 'note') blocking++;
        const where = finding.origin ? `${displayPath(finding.origin.uri, cwd)}:${finding.origin.line}: ` : '';
        stderr.write(`${where}${finding.severity}: ${finding.construct}: ${finding.message}\n`);
    }
    return blocking;
}

function displayPath(uri: string, cwd: string): string {
    const file = uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : uri;
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
