import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDataSpec } from '../../server/data/data-source.js';
import { createKit, FIXTURES, TINY_CUR, TINY_POLICY_TEXT } from './server-kit.js';

describe('data source precedence', () => {
    const inputs = { explicit: null, policyPaths: [], samplePath: '/pkg/examples/data/sample-cur.csv', workspaceRoot: '/ws' };

    it('explicit setting (workspace-relative) > policy data > bundled sample', () => {
        expect(chooseDataSpec({ ...inputs, explicit: ['cur/2026.csv'], policyPaths: ['/ws/p/data.csv'] }))
            .toMatchObject({ origin: 'setting', paths: ['/ws/cur/2026.csv'], label: 'cur/2026.csv' });
        expect(chooseDataSpec({ ...inputs, policyPaths: ['/ws/p/data.csv'] })).toMatchObject({ origin: 'policy', paths: ['/ws/p/data.csv'], label: 'p/data.csv' });
        expect(chooseDataSpec(inputs)).toMatchObject({ origin: 'sample', label: 'bundled sample' });
        expect(chooseDataSpec({ ...inputs, samplePath: undefined })).toBeUndefined();
    });

    it('labels paths outside the workspace absolutely', () => {
        expect(chooseDataSpec({ ...inputs, explicit: ['/data/cur.csv'] })).toMatchObject({ label: '/data/cur.csv' });
    });
});

describe('data manager', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'billing-data-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('uses the policy\'s `data` paths (relative to the policy file) when no path is configured', async () => {
        const kit = createKit({ dataPaths: null });
        const document = await kit.open(`data "tiny-cur.csv"\n${TINY_POLICY_TEXT}`, path.join(FIXTURES, 'with-data.billing'));
        const entry = kit.services.server.Data.entryFor(document)!;
        expect(entry.spec).toMatchObject({ origin: 'policy', paths: [TINY_CUR] });
        expect(entry.current.state).toBe('ready');
        await kit.reset();
    });

    it('falls back to the bundled sample, and reports its status', async () => {
        const kit = createKit({ dataPaths: null });
        const document = await kit.open(TINY_POLICY_TEXT);
        const entry = kit.services.server.Data.entryFor(document)!;
        expect(entry.spec.origin).toBe('sample');
        expect(entry.spec.paths[0]).toBe(path.resolve('examples/data/sample-cur.csv'));
        expect(kit.services.server.Data.status()).toMatchObject({ state: 'ready', source: 'bundled sample', periods: ['2026-01', '2026-02', '2026-03'], period: '2026-03', rows: 1800 });
        await kit.reset();
    });

    it('in Restricted Mode reads no workspace data, neither the configured paths nor the policy\'s, only the bundled sample', async () => {
        const kit = createKit({ dataPaths: [TINY_CUR] });
        kit.services.server.Data.configure({ dataPaths: [TINY_CUR], period: null, trusted: false });
        const document = await kit.open(`data "tiny-cur.csv"\n${TINY_POLICY_TEXT}`, path.join(FIXTURES, 'restricted.billing'));
        const entry = kit.services.server.Data.entryFor(document)!;
        expect(entry.spec.origin).toBe('sample');
        expect(kit.services.server.Data.status()).toMatchObject({ state: 'ready', source: 'bundled sample', restricted: true });
        // Trusted again (the extension restarts the server with it): the configured file.
        kit.services.server.Data.configure({ dataPaths: [TINY_CUR], period: null });
        expect(kit.services.server.Data.specFor(document)).toMatchObject({ origin: 'setting', paths: [TINY_CUR] });
        await kit.reset();
    });

    it('shares one cube between specs naming the same files, and reloads a file changed on disk', async () => {
        const file = path.join(scratch, 'cur.csv');
        copyFileSync(TINY_CUR, file);
        const kit = createKit({ dataPaths: [file] });
        const data = kit.services.server.Data;
        const byPolicy = await kit.open(`data "${file}"\n${TINY_POLICY_TEXT}`);
        const first = data.entryFor(byPolicy)!;
        expect(first.current.state).toBe('ready');
        data.setDataPaths(null);
        const second = data.entryFor(byPolicy)!;
        await second.settled;
        expect(second.spec.origin).toBe('policy');
        expect(second).not.toBe(first);
        const generation = (entry: typeof first): number => (entry.current.state === 'ready' ? entry.current.data.generation : -1);
        expect(generation(second)).toBe(generation(first));

        // The same bytes with a new modification time are new data: the cube key has the mtime.
        const later = new Date(Date.now() + 60_000);
        utimesSync(file, later, later);
        expect(data.filesChanged([file])).toBe(true);
        const third = data.entryFor(byPolicy)!;
        await third.settled;
        expect(generation(third)).toBeGreaterThan(generation(second));
        await kit.reset();
    });

    it('reports a missing file and a malformed file as errors naming them, and retries after new settings', async () => {
        const bad = path.join(scratch, 'bad.csv');
        writeFileSync(bad, 'not,a,cur\n1,2,3\n');
        const kit = createKit({ dataPaths: [path.join(scratch, 'missing.csv')] });
        const document = await kit.open(TINY_POLICY_TEXT);
        const data = kit.services.server.Data;
        expect(data.status()).toMatchObject({ state: 'error', message: expect.stringContaining('missing.csv') });
        data.setDataPaths([bad]);
        await data.entryFor(document)!.settled;
        expect(data.status()).toMatchObject({ state: 'error', message: expect.stringContaining('bad.csv') });
        data.setDataPaths([TINY_CUR]);
        await data.entryFor(document)!.settled;
        expect(data.status().state).toBe('ready');
        await kit.reset();
    });

    it('cancels a running load', async () => {
        const kit = createKit({ dataPaths: [TINY_CUR] });
        const data = kit.services.server.Data;
        const document = kit.services.shared.workspace.LangiumDocumentFactory.fromString(TINY_POLICY_TEXT, URI.file(path.join(FIXTURES, 'cancel.billing')));
        // Cancelled before its first await completes: the load never reads a byte.
        const entry = data.entryFor(document)!;
        expect(data.status().state).toBe('loading');
        data.cancelActiveLoad();
        await entry.settled;
        expect(data.status()).toMatchObject({ state: 'cancelled' });
        // Asking again after new settings retries.
        data.setDataPaths([TINY_CUR]);
        await data.entryFor(document)!.settled;
        expect(data.status().state).toBe('ready');
    });
});
