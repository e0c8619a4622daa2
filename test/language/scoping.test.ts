import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { AstUtils, EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createBillingServices } from '../../language/billing-module.js';
import { isGroup, isPlan, isPlanUse, isPrimary, type Group, type Plan, type Policy } from '../../language/generated/ast.js';
import { Issues } from '../../language/validation/issue-codes.js';
import { loadPolicyFiles, PolicyLoadError } from '../../language/workspace/policy-loader.js';
import { policyDocuments, reachableImportUris } from '../../language/workspace/policy-documents.js';
import { removeFolder, writePolicyFiles } from './policy-files.js';

const folders: string[] = [];
afterEach(async () => {
    await Promise.all(folders.splice(0).map(removeFolder));
});

async function folderWith(files: Record<string, string>): Promise<string> {
    const folder = await writePolicyFiles(files);
    folders.push(folder);
    return folder;
}

function planOf(document: LangiumDocument<Policy>, name: string): Plan {
    const plan = document.parseResult.value.statements.find(s => isPlan(s) && s.name === name);
    if (!plan) throw new Error(`no plan ${name}`);
    return plan as Plan;
}

function groupOf(document: LangiumDocument<Policy>, name: string): Group {
    const group = document.parseResult.value.statements.find(s => isGroup(s) && s.name === name);
    if (!group) throw new Error(`no group ${name}`);
    return group as Group;
}

function codes(diagnostics: readonly Diagnostic[] | undefined): unknown[] {
    return (diagnostics ?? []).map(d => d.code);
}

const RATES = `rule standard-markup { markup 7% }
plan standard { rules standard-markup }
`;

describe('import-based scoping', () => {
    it('resolves names declared in imported files, paths relative to the importing file', async () => {
        const folder = await folderWith({
            '.git/HEAD': '', // a repository: imports may reach anywhere in it (workspace-boundary.ts)
            'shared/accounts.billing': 'account 111111111111 "web-prod"\naccount 222222222222 "web-dev"\n',
            'rates/standard.billing': RATES,
            'teams/web.billing': `import "../shared/accounts.billing"
import "../rates/standard.billing"
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan standard
}
`,
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'teams/web.billing')]);
        expect(loaded.documents.map(d => path.relative(folder, d.uri.fsPath))).toEqual([
            path.join('teams', 'web.billing'), path.join('shared', 'accounts.billing'), path.join('rates', 'standard.billing'),
        ]);
        const web = groupOf(loaded.entries[0], 'web');
        const primary = web.members.find(isPrimary)!;
        expect(primary.account.account?.ref?.id).toBe('111111111111');
        expect(AstUtils.getDocument(primary.account.account!.ref!).uri.fsPath).toBe(path.join(folder, 'shared/accounts.billing'));
        expect(web.members.find(isPlanUse)!.plan.ref?.name).toBe('standard');
        expect(loaded.diagnostics.filter(d => d.diagnostic.severity === DiagnosticSeverity.Error)).toEqual([]);
    });

    it('follows imports transitively', async () => {
        const folder = await folderWith({
            'base.billing': 'rule base-markup { markup 3% }\n',
            'middle.billing': 'import "base.billing"\n',
            'top.billing': 'import "middle.billing"\nplan p { rules base-markup }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'top.billing')]);
        expect(loaded.documents).toHaveLength(3);
        expect(planOf(loaded.entries[0], 'p').ruleLists[0].rules[0].ref?.name).toBe('base-markup');
    });

    it('does not see declarations of a loaded file that it does not import', async () => {
        const folder = await folderWith({
            'rates.billing': RATES,
            'accounts.billing': 'account 111111111111 "web-prod"\n',
            'main.billing': `import "accounts.billing"
group web {
  primary web-prod
  accounts web-prod
  plan standard
}
`,
        });
        // rates.billing is loaded first and sits in the same workspace, yet main.billing never imports it.
        const loaded = await loadPolicyFiles([path.join(folder, 'rates.billing'), path.join(folder, 'main.billing')]);
        const main = loaded.entries[1];
        const planUse = groupOf(main, 'web').members.find(isPlanUse)!;
        expect(planUse.plan.ref).toBeUndefined();
        const errors = (main.diagnostics ?? []).filter(d => d.severity === DiagnosticSeverity.Error);
        expect(errors.some(d => d.range.start.line === 4)).toBe(true);
        expect(groupOf(main, 'web').members.find(isPrimary)!.account.account?.ref?.id).toBe('111111111111');
    });

    it('does not see other documents of the workspace in the editor either', async () => {
        const services = createBillingServices(EmptyFileSystem).Billing;
        const parse = parseHelper<Policy>(services);
        await parse(RATES, { documentUri: 'file:///ws/rates.billing' });
        const unimported = await parse('group g { plan standard }', { documentUri: 'file:///ws/a.billing' });
        const imported = await parse('import "rates.billing"\ngroup g { plan standard }', { documentUri: 'file:///ws/b.billing' });
        const planOfGroup = (doc: LangiumDocument<Policy>) => (doc.parseResult.value.statements[0] as Group).members.find(isPlanUse)!.plan;
        expect(planOfGroup(unimported).ref).toBeUndefined();
        expect(planOfGroup(imported).ref?.name).toBe('standard');
    });

    it('lets a local declaration shadow an imported one of the same name', async () => {
        const folder = await folderWith({
            'rates.billing': RATES,
            'main.billing': 'import "rates.billing"\nrule standard-markup { markup 9% }\nplan mine { rules standard-markup }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        const target = planOf(loaded.entries[0], 'mine').ruleLists[0].rules[0].ref!;
        expect(AstUtils.getDocument(target).uri.fsPath).toBe(path.join(folder, 'main.billing'));
    });

    it('loads imported files outside the entry file\'s folder, inside its repository', async () => {
        const folder = await folderWith({
            '.git/HEAD': '',
            'elsewhere/rates.billing': RATES,
            'project/policy/main.billing': 'import "../../elsewhere/rates.billing"\nplan p { rules standard-markup }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'project/policy/main.billing')]);
        expect(planOf(loaded.entries[0], 'p').ruleLists[0].rules[0].ref?.name).toBe('standard-markup');
    });
});

describe('import diagnostics', () => {
    it('reports an import whose file does not exist, at the path', async () => {
        const folder = await folderWith({ 'main.billing': 'import "shared/acounts.billing"\n' });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        const found = loaded.diagnostics.filter(d => d.diagnostic.code === Issues.importNotFound.code);
        expect(found).toHaveLength(1);
        expect(found[0].diagnostic.severity).toBe(DiagnosticSeverity.Error);
        expect(found[0].file).toBe(path.join(folder, 'main.billing'));
        expect(found[0].diagnostic.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 31 } });
    });

    it('reports an import of a folder as not found', async () => {
        const folder = await folderWith({ 'shared/a.billing': '', 'main.billing': 'import "shared"\n' });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        expect(loaded.diagnostics.map(d => d.diagnostic.code)).toContain(Issues.importNotFound.code);
    });

    it('warns about an import cycle in every file of the cycle, and still resolves names', async () => {
        const folder = await folderWith({
            'a.billing': 'import "b.billing"\nrule a-markup { markup 1% }\nplan pa { rules b-markup }\n',
            'b.billing': 'import "a.billing"\nrule b-markup { markup 2% }\nplan pb { rules a-markup }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'a.billing')]);
        expect(loaded.documents).toHaveLength(2);
        const [a, b] = loaded.documents;
        for (const document of [a, b]) {
            const cycle = (document.diagnostics ?? []).filter(d => d.code === Issues.importCycle.code);
            expect(cycle).toHaveLength(1);
            expect(cycle[0].severity).toBe(DiagnosticSeverity.Warning);
            expect(cycle[0].range.start).toEqual({ line: 0, character: 7 });
        }
        expect(planOf(a, 'pa').ruleLists[0].rules[0].ref?.name).toBe('b-markup');
        expect(planOf(b, 'pb').ruleLists[0].rules[0].ref?.name).toBe('a-markup');
    });

    it('warns about a file that imports itself', async () => {
        const folder = await folderWith({ 'self.billing': 'import "./self.billing"\n' });
        const loaded = await loadPolicyFiles([path.join(folder, 'self.billing')]);
        expect(loaded.documents).toHaveLength(1);
        expect(codes(loaded.documents[0].diagnostics)).toEqual([Issues.importCycle.code]);
    });

    it('reports nothing for a diamond (two paths to one file is not a cycle)', async () => {
        const folder = await folderWith({
            'common.billing': 'rule c { markup 1% }\n',
            'left.billing': 'import "common.billing"\n',
            'right.billing': 'import "common.billing"\n',
            'top.billing': 'import "left.billing"\nimport "right.billing"\nplan p { rules c }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'top.billing')]);
        expect(loaded.diagnostics.filter(d => String(d.diagnostic.code).startsWith('BIL00'))).toEqual([]);
        expect(loaded.documents).toHaveLength(4);
    });
});

describe('policyDocuments', () => {
    it('lists the document first, then its imports depth-first, each once', async () => {
        const folder = await folderWith({
            'common.billing': '',
            'left.billing': 'import "common.billing"\n',
            'right.billing': 'import "common.billing"\nimport "top.billing"\n',
            'top.billing': 'import "left.billing"\nimport "right.billing"\nimport "missing.billing"\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'top.billing')]);
        const names = policyDocuments(loaded.entries[0], loaded.services).map(d => path.basename(d.uri.fsPath));
        expect(names).toEqual(['top.billing', 'left.billing', 'common.billing', 'right.billing']);
        const reachable = [...reachableImportUris(loaded.entries[0], loaded.services)].map(u => path.basename(URI.parse(u).fsPath)).sort();
        expect(reachable).toEqual(['common.billing', 'left.billing', 'missing.billing', 'right.billing', 'top.billing']);
    });
});

describe('incremental rebuilds (language server)', () => {
    // DocumentBuilder.update is what the language server calls when files change on disk.
    it('re-validates an importing document when the imported file appears', async () => {
        const folder = await folderWith({ 'main.billing': 'import "rates.billing"\n' });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        const main = loaded.entries[0];
        expect(codes(main.diagnostics)).toEqual([Issues.importNotFound.code]);

        await fs.writeFile(path.join(folder, 'rates.billing'), RATES, 'utf8');
        await loaded.services.shared.workspace.DocumentBuilder.update([URI.file(path.join(folder, 'rates.billing'))], []);
        expect(codes(main.diagnostics)).toEqual([]);
    });

    it('relinks an importing document when an imported declaration changes', async () => {
        const folder = await folderWith({ 'rates.billing': RATES, 'main.billing': 'import "rates.billing"\ngroup g { plan standard }\n' });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        const main = loaded.entries[0];
        const planUse = () => groupOf(main, 'g').members.find(isPlanUse)!;
        expect(planUse().plan.ref?.name).toBe('standard');

        await fs.writeFile(path.join(folder, 'rates.billing'), RATES.replace('plan standard', 'plan premium'), 'utf8');
        await loaded.services.shared.workspace.DocumentBuilder.update([URI.file(path.join(folder, 'rates.billing'))], []);
        expect(planUse().plan.ref).toBeUndefined();
        expect((main.diagnostics ?? []).some(d => d.severity === DiagnosticSeverity.Error)).toBe(true);
    });
});

describe('document builder (language server)', () => {
    it('builds an open document together with the files it imports, also outside its folder (inside its repository)', async () => {
        const folder = await folderWith({
            '.git/HEAD': '',
            'outside/accounts.billing': 'account 111111111111 "web-prod"\n',
            'outside/rates.billing': 'import "accounts.billing"\n' + RATES,
        });
        const services = createBillingServices(NodeFileSystem).Billing;
        const { LangiumDocuments, LangiumDocumentFactory, DocumentBuilder } = services.shared.workspace;
        // An editor buffer: the file need not exist on disk, nothing has loaded its imports.
        const main = LangiumDocumentFactory.fromString<Policy>(
            'import "../outside/rates.billing"\ngroup web {\n  primary web-prod\n  accounts web-prod\n  plan standard\n}\n',
            URI.file(path.join(folder, 'workspace/main.billing')),
        );
        LangiumDocuments.addDocument(main);
        await DocumentBuilder.build([main], { validation: true });
        expect(LangiumDocuments.all.map(d => path.relative(folder, d.uri.fsPath)).toArray().sort()).toEqual([
            path.join('outside', 'accounts.billing'), path.join('outside', 'rates.billing'), path.join('workspace', 'main.billing'),
        ]);
        expect(groupOf(main, 'web').members.find(isPlanUse)!.plan.ref?.name).toBe('standard');
        // The account comes from a file that an imported file imports (imports are transitive).
        expect(groupOf(main, 'web').members.find(isPrimary)!.account.account?.ref?.id).toBe('111111111111');
        expect(main.diagnostics).toEqual([]);
    });

    it('loads the imports of a file reported as changed on disk', async () => {
        const folder = await folderWith({ 'rates.billing': RATES, 'main.billing': 'import "rates.billing"\ngroup g { plan standard }\n' });
        const services = createBillingServices(NodeFileSystem).Billing;
        await services.shared.workspace.DocumentBuilder.update([URI.file(path.join(folder, 'main.billing'))], []);
        const main = services.shared.workspace.LangiumDocuments.getDocument(URI.file(path.join(folder, 'main.billing'))) as LangiumDocument<Policy>;
        expect(groupOf(main, 'g').members.find(isPlanUse)!.plan.ref?.name).toBe('standard');
    });
});

describe('loadPolicyFiles', () => {
    it('fails with a PolicyLoadError for a missing entry file', async () => {
        const folder = await folderWith({});
        await expect(loadPolicyFiles([path.join(folder, 'nope.billing')])).rejects.toBeInstanceOf(PolicyLoadError);
        await expect(loadPolicyFiles([folder])).rejects.toBeInstanceOf(PolicyLoadError);
    });

    it('reuses documents the services already hold (an editor\'s unsaved text wins over the disk)', async () => {
        const folder = await folderWith({ 'main.billing': 'rule on-disk { markup 1% }\n' });
        const services = createBillingServices(NodeFileSystem).Billing;
        const uri = URI.file(path.join(folder, 'main.billing'));
        const open = services.shared.workspace.LangiumDocumentFactory.fromString<Policy>('rule in-editor { markup 2% }\n', uri);
        services.shared.workspace.LangiumDocuments.addDocument(open);
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')], services);
        expect(loaded.entries[0]).toBe(open);
        expect(loaded.services).toBe(services);
    });

    it('names each entry once even when it is given twice or imported by another entry', async () => {
        const folder = await folderWith({ 'rates.billing': RATES, 'main.billing': 'import "rates.billing"\n' });
        const loaded = await loadPolicyFiles([
            path.join(folder, 'main.billing'), path.join(folder, 'rates.billing'), path.join(folder, 'main.billing'),
        ]);
        expect(loaded.entries.map(d => path.basename(d.uri.fsPath))).toEqual(['main.billing', 'rates.billing']);
        expect(loaded.documents.map(d => path.basename(d.uri.fsPath))).toEqual(['main.billing', 'rates.billing']);
    });
});
