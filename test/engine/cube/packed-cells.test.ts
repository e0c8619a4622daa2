import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellWith } from '../../../engine/cube/cell-with.js';
import { PackedCell } from '../../../engine/cube/packed-cells.js';
import { tripleText, triplePlaces, tripleUnits } from '../../../engine/cube/triple-text.js';
import type { Cube, CubeCell } from '../../../engine/cube/types.js';
import { ingest } from '../../../engine/ingest/index.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { prepareCube } from '../../../engine/price/index.js';
import { tempDir } from '../ingest/helpers.js';

/**
 * The ingest's cells keep their measures packed as exact triples (engine/cube/packed-cells.ts): every read must give
 * the Decimal the rows sum to (summed here with decimal.js), and prepareCube's fast path (units straight from the
 * triples) must prepare exactly what it prepares from plain Decimal cells.
 */
describe('packed cube cells', () => {
    const tripleValue = (integer: number, f1: number, f2: number): Decimal => new Decimal(integer).plus(new Decimal(f1).times('1e-9')).plus(new Decimal(f2).times('1e-18'));
    // Fraction parts with 0 to 8 trailing zeros (so every number of places occurs), integers small and large.
    const part = fc.tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 8 }))
        .map(([f, zeros]) => Math.trunc(f / 10 ** zeros) * 10 ** zeros);
    const whole = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -(2 ** 50), max: 2 ** 50 }));

    it('a triple\'s text, places and units agree with decimal.js (property)', () => {
        fc.assert(fc.property(whole, part, part, fc.integer({ min: 0, max: 6 }), (integer, f1, f2, extra) => {
            // Normalised triples have parts of one sign unless the value needs a borrow; any mix is allowed here.
            const value = tripleValue(integer, f1, f2);
            expect(new Decimal(tripleText(integer, f1, f2)).eq(value)).toBe(true);
            const places = triplePlaces(f1, f2);
            expect(places).toBe(value.decimalPlaces());
            const scale = places + extra;
            const units = tripleUnits(integer, f1, f2, scale);
            const exact = value.times(new Decimal(10).pow(scale));
            // NaN only beyond 22 places or where a step leaves the safe integers (the caller then takes the exact path).
            if (units === units) expect(exact.eq(units)).toBe(true);
            else expect(scale > 22 || exact.abs().gte(2 ** 52) || !Number.isSafeInteger(integer * 10 ** scale)).toBe(true);
        }), { numRuns: 3000 });
    });

    it('cells equal the decimal.js sums of their rows, and prepareCube prepares the same from packed and from plain cells', async () => {
        const dir = tempDir('packed');
        let seed = 7;
        const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        const amount = (): string => {
            const kind = random();
            if (kind < 0.05) return '';
            if (kind < 0.15) return '0';
            if (kind < 0.2) return `${Math.floor(random() * 9e14)}.5`; // sums beyond 2^50 integer units
            if (kind < 0.25) return `0.${String(Math.floor(random() * 1e9)).padStart(9, '0')}1234567890123`; // 22 decimals: exotic
            const places = Math.floor(random() * 19);
            const digits = String(Math.floor(random() * 1e6)) + '.' + Array.from({ length: places }, () => Math.floor(random() * 10)).join('');
            return `${random() < 0.2 ? '-' : ''}${digits.replace(/\.$/, '')}`;
        };
        const services = [['AWSLambda', 'USE1-Lambda-GB-Second'], ['AmazonEC2', 'USE1-BoxUsage:t3.micro'], ['AmazonS3', 'USE1-DataTransfer-Out-Bytes'], ['AmazonS3', 'USE1-TimedStorage-ByteHrs']];
        const header = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
        const lines = [header];
        const expected = new Map<string, Decimal[]>();
        const add = (key: string, values: Decimal[]): void => {
            const sums = expected.get(key);
            if (!sums) expected.set(key, values);
            else values.forEach((v, k) => { sums[k] = sums[k]!.plus(v); });
        };
        for (let i = 0; i < 3000; i++) {
            const [service, usageType] = services[Math.floor(random() * services.length)]!;
            const account = String(100000000000 + Math.floor(random() * 40));
            const period = random() < 0.5 ? '2026-01-01T00:00:00Z' : '2026-02-01T00:00:00Z';
            // Free tier: Usage billed at zero with a public cost.
            const freeTier = random() < 0.1;
            const unblended = freeTier ? '0' : amount() || '0';
            const pub = freeTier ? String(Math.floor(random() * 1e4) / 1e3 + 0.001) : amount();
            const usage = amount();
            lines.push([period, account, 'Usage', service, usageType, 'Op', 'USD', unblended, pub, usage].join(','));
            const u = new Decimal(unblended);
            const p = pub === '' ? new Decimal(0) : new Decimal(pub);
            // docs/semantics.md: a public cost of 0 on a billed row is no public price.
            const hasPublic = pub !== '' && (u.isZero() || !p.isZero());
            const free = u.isZero() && pub !== '' && p.gt(0) ? p : new Decimal(0);
            add([period.slice(0, 7), account, service, usageType].join('|'), [u, p, free, hasPublic ? new Decimal(0) : u, usage === '' ? new Decimal(0) : new Decimal(usage)]);
        }
        const file = path.join(dir, 'cur.csv');
        writeFileSync(file, lines.join('\n') + '\n');
        const cube = await ingest([file], { workers: 0 });
        expect(cube.cells.every(cell => cell instanceof PackedCell)).toBe(true);
        expect(cube.cells.length).toBe(expected.size);
        for (const cell of cube.cells) {
            const sums = expected.get([cell.period, cell.accountId, cell.service, cell.usageType].join('|'))!;
            const read = [cell.unblendedCost, cell.publicOnDemandCost, cell.freeTierPublicCost, cell.unblendedWithoutPublicCost, cell.usageAmount];
            read.forEach((value, k) => expect(value.eq(sums[k]!), `${cell.period} ${cell.accountId} ${cell.service} measure ${k}: ${value} vs ${sums[k]}`).toBe(true));
        }

        const plain: Cube = { ...cube, cells: cube.cells.map(cell => cellWith(cell, {})) };
        expect(plain.cells.some(cell => cell instanceof PackedCell)).toBe(false);
        const a = prepareCube(cube);
        const b = prepareCube(plain);
        expect(a.scale).toBe(b.scale);
        // An exact column holds a value as a safe-integer double or (NaN) in `exact`: compare the values.
        const values = (column: { numbers: Float64Array; exact: ReadonlyMap<number, bigint> }): bigint[] =>
            Array.from(column.numbers, (x, i) => (x === x ? BigInt(x) : column.exact.get(i)!));
        for (const column of ['unblended', 'baseFreeTierOn', 'baseFreeTierOff'] as const) expect(values(a.cells[column])).toEqual(values(b.cells[column]));
        expect(a.cells.baseFreeTierOn.exact.size + a.cells.unblended.exact.size).toBeGreaterThan(0);
        expect(values(a.records)).toEqual(values(b.records));
        expect([...a.byPeriod.values()].map(p => p.awsCost)).toEqual([...b.byPeriod.values()].map(p => p.awsCost));
    });

    it('cellWith copies every field of a packed cell (an object spread would not)', async () => {
        const dir = tempDir('packed-with');
        const file = path.join(dir, 'cur.csv');
        writeFileSync(file, 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount\n' +
            '2026-01-01T00:00:00Z,111111111111,Usage,AmazonEC2,USE1-BoxUsage:m5.large,RunInstances,USD,0.096,0.1,2\n');
        const [cell] = (await ingest([file], { workers: 0 })).cells as CubeCell[];
        const copy = cellWith(cell!, { commitmentOwnerId: '222222222222' });
        expect(copy).toEqual({
            period: '2026-01', accountId: '111111111111', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances',
            lineItemType: 'Usage', billingEntity: 'AWS', currency: 'USD', commitmentOwnerId: '222222222222',
            unblendedCost: new Decimal('0.096'), publicOnDemandCost: new Decimal('0.1'), freeTierPublicCost: new Decimal(0),
            unblendedWithoutPublicCost: new Decimal(0), usageAmount: new Decimal(2), rows: 1, rowsWithoutPublicCost: 0,
        });
        expect(Object.keys({ ...cell })).not.toContain('unblendedCost');
    });
});
