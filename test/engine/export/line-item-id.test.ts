import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lineItemId } from '../../../engine/export/proforma-export.js';

describe('lineItemId', () => {
    // The id is the first 52 hex digits of SHA-256 over "group NUL item NUL period NUL sequence", hashed here whole.
    const expected = (group: string, item: string, period: string, sequence: number): string =>
        createHash('sha256').update(`${group}\u0000${item}\u0000${period}\u0000${sequence}`, 'utf8').digest('hex').slice(0, 52);

    it('one-shot hashing (Node ≥ 20.12) and the copied prefix hash (older Node) give the same ids', () => {
        const cases: [string, string, string, number][] = [['web', 'support', '2026-01', 0], ['web', 'support', '2026-01', 115205], ['données', 'frais €', '2026-03', 42]];
        for (const [group, item, period, sequence] of cases) {
            const id = expected(group, item, period, sequence);
            expect(id).toHaveLength(52);
            expect(lineItemId(group, item, period, sequence)).toBe(id);
            expect(lineItemId(group, item, period, sequence, undefined)).toBe(id);
        }
        // Known value, computed with `printf 'web\0support\x002026-01\x007' | sha256sum`.
        expect(lineItemId('web', 'support', '2026-01', 7)).toBe(KNOWN);
    });
});

const KNOWN = 'a6c3e47a2c8d3177ddd0066e8a91b9352bffdc401de8c79a1bb4';
