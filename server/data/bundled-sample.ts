import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE = path.join('examples', 'data', 'sample-cur.csv');

/**
 * The bundled sample CUR, so that a new user sees numbers at once. The extension ships it at
 * `examples/data/sample-cur.csv` next to `out/`, the same place it has in the repository: from the
 * bundle (`out/server.cjs`) it is `../examples/…`; from the sources (`server/data/…`, tests) it is
 * `../../examples/…`. $BILLING_SAMPLE_DATA overrides both (an empty value: no sample).
 */
export function bundledSamplePath(): string | undefined {
    const fromEnv = process.env.BILLING_SAMPLE_DATA;
    if (fromEnv !== undefined) return fromEnv.length > 0 && existsSync(fromEnv) ? path.resolve(fromEnv) : undefined;
    const here = path.dirname(fileURLToPath(import.meta.url));
    return [path.resolve(here, '..', SAMPLE), path.resolve(here, '..', '..', SAMPLE)].find(candidate => existsSync(candidate));
}
