import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol';
import { GroupsRequest, type GroupsResult } from '../../server/protocol.js';
import { LspTestClient } from './lsp-client.js';
import { TINY_CUR, TINY_POLICY } from './server-kit.js';

/*
 * billing/groups (the Billing view) from the built server over stdio, on tiny-cur.csv. Figures by hand, 2026-03 (as in
 * protocol.test.ts): web AWS 20.00 + 100.00 + 10.00 = 130.00; EC2 110.00 × 0.8 = 88.00, S3 20.00 × 1.1 = 22.00, charges
 * 110.00; + 50.00 + 2% × 110.00 = 2.20 → 162.20; margin 162.20 − 130.00 = 32.20 = 19.85 % of 162.20.
 * data AWS 50.00 × 1.1 = 55.00; margin 5.00 = 9.09 % of 55.00.
 */
describe('billing/groups', () => {
    let workspace: string;
    let client: LspTestClient;
    let uri: string;
    let text: string;

    beforeAll(async () => {
        workspace = mkdtempSync(path.join(tmpdir(), 'billing-groups-'));
        copyFileSync(TINY_CUR, path.join(workspace, 'tiny-cur.csv'));
        text = readFileSync(TINY_POLICY, 'utf8');
        uri = pathToFileURL(path.join(workspace, 'policy.billing')).href;
        client = new LspTestClient();
        await client.initialize(workspace, { dataPaths: ['tiny-cur.csv'], period: null });
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'billing', version: 1, text } });
        await client.until('data ready', () => client.statuses.find(status => status.state === 'ready'));
    });

    afterAll(() => {
        client?.kill();
        rmSync(workspace, { recursive: true, force: true });
    });

    it('lists each group with its declaration, plan, rules, accounts and figures in the period shown', async () => {
        const result: GroupsResult = await client.connection.sendRequest(GroupsRequest, { uri });
        expect(result.period).toBe('2026-03');
        expect(result.currency).toBe('USD');
        expect(result.groups.map(group => group.name)).toEqual(['web', 'data']);
        const [web, data] = result.groups;
        expect(web!.location).toEqual({ uri, line: text.split('\n').findIndex(line => line.startsWith('group web')), character: 6 });
        expect(web!.plan).toBe('standard');
        expect(web!.rules).toEqual(['base-markup', 'ec2-discount']);
        expect(web!.accounts).toEqual([{ id: '111111111111', name: 'web-prod' }, { id: '222222222222', name: 'web-dev' }]);
        expect(web!.figures).toEqual({
            awsCost: '130', proformaCost: '162.2', margin: '32.2', marginPercent: '19.85', hasUsage: true,
            shown: { awsCost: '$130.00', proformaCost: '$162.20', margin: '$32.20', marginPercent: '19.85%' },
        });
        expect(data!.figures?.shown).toEqual({ awsCost: '$50.00', proformaCost: '$55.00', margin: '$5.00', marginPercent: '9.09%' });
    });

    it('while the policy has errors: the last good figures, marked stale', async () => {
        const broken = text.replace('  plan standard\n  fee platform', '  plan nope\n  fee platform');
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
        const result: GroupsResult = await client.connection.sendRequest(GroupsRequest, { uri });
        expect(result.stale).toBeDefined();
        expect(result.groups.find(group => group.name === 'web')?.plan).toBe('nope');
        expect(result.groups.find(group => group.name === 'data')?.figures?.shown.proformaCost).toBe('$55.00');
    });

    it('answers a URI it cannot read with a reason, not an error', async () => {
        const result: GroupsResult = await client.connection.sendRequest(GroupsRequest, { uri: pathToFileURL(path.join(workspace, 'missing.billing')).href });
        expect(result.groups).toEqual([]);
        expect(result.reason).toMatch(/cannot read/);
    });
});
