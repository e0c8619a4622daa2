import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../engine/ingest/index.js';
import { commitmentPricing } from '../../../engine/price/commitment-pricing.js';
import { prepareCube } from '../../../engine/price/index.js';
import { tempDir } from '../ingest/helpers.js';
import { group, markup, policy } from '../price/fixtures.js';
import { A, B, C, hourlyCsv } from './hourly-fixture.js';

describe('re-application is cached per membership, least recently used dropped', () => {
    it('five open policies with five memberships priced in turn re-apply once each, not on every edit', async () => {
        const file = path.join(tempDir('reapply-cache'), 'hourly.csv');
        writeFileSync(file, hourlyCsv());
        const prepared = prepareCube(await ingest([file], { workers: 0 }));
        const memberships = [[A, B, C], [A, B], [A, C], [A], [B, C]];
        const policies = memberships.map((members) => policy([markup('m', '10')], [group('g', { primary: members[0]!, members })]));
        const first = policies.map((p) => commitmentPricing(prepared, p, ['2026-01']));
        expect(new Set(first.map((made) => made.prepared)).size).toBe(5);
        // An edit of each policy that moves no account (another markup): the same re-applied cube, no new re-application.
        for (let round = 0; round < 3; round++) {
            policies.forEach((p, i) => expect(commitmentPricing(prepared, { ...p, rules: [markup('m', String(11 + round))] }, ['2026-01'])).toBe(first[i]));
        }
    });
});
