import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import type { PolicyModel } from '../../engine/index.js';
import { compileLoadedPolicy, createBillingServices, loadPolicyFiles, loadPolicyTexts, type FileDiagnostic, type LoadedPolicy } from '../../language/index.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkPolicyFile } from '../files/policy-file-kind.js';
import { formatText } from '../output/text-format.js';
import { buildValidationReport, displayPath, summaryLine } from '../output/validation-report.js';
import { GitRevisionFileSystem, resolveGitSource, splitRevisionSpec, type GitPolicySource } from './git-revision.js';

/** One side of a diff, compiled. */
export interface DiffSideModel {
    /** As given on the command line. */
    readonly source: string;
    readonly model: PolicyModel;
    /** The policy's files as shown to the user: paths relative to the working directory, or `REV:PATH`. */
    readonly files: readonly string[];
}

/**
 * Loads and compiles one side of `billing diff`: a policy file, or `REV:PATH` — the policy as committed at a git
 * revision, its imports read at the same revision relative to its path in the repository, without touching the
 * working tree. With policy errors, prints them as `validate` does (files named `REV:PATH` for a revision) and
 * returns undefined.
 */
export async function loadDiffSide(spec: string, label: 'BASE' | 'HEAD', context: CliContext): Promise<DiffSideModel | undefined> {
    const file = path.resolve(context.cwd, spec);
    const split = splitRevisionSpec(spec);
    let loaded: LoadedPolicy;
    let show: (absolute: string) => string;
    if (existsSync(file) || !split) {
        if (!existsSync(file)) throw new CliError(`${label} ${spec}: no such file (nor REV:PATH, a policy at a git revision)`);
        if (!statSync(file).isFile()) throw new CliError(`${label} ${spec}: not a file (name the policy's entry .billing file)`);
        await checkPolicyFile(file, `${label} ${spec}`);
        loaded = await loadPolicyFiles([file]);
        show = (absolute) => displayPath(absolute, context.cwd);
    } else {
        const source = resolveGitSource(spec, split.revision, split.path, context.cwd);
        loaded = await loadAtRevision(source);
        show = (absolute) => `${source.revision}:${path.relative(source.root, absolute).split(path.sep).join('/')}`;
    }
    const files = loaded.documents.map((document) => show(document.uri.fsPath));
    const compiled = compileLoadedPolicy(loaded);
    if (compiled.errors) {
        const shown = (entries: readonly FileDiagnostic[]) => entries.map((entry) => ({ ...entry, file: show(entry.file) }));
        const report = buildValidationReport(files, shown(compiled.errors), context.cwd);
        context.stderr.write(formatText(report));
        context.stderr.write(`billing: ${label} ${spec} has errors, no diff computed (${summaryLine(report.summary)})\n`);
        return undefined;
    }
    return { source: spec, model: compiled.model, files };
}

async function loadAtRevision(source: GitPolicySource): Promise<LoadedPolicy> {
    const fileSystem = new GitRevisionFileSystem(source);
    const services = createBillingServices({ fileSystemProvider: () => fileSystem }).Billing;
    const uri = URI.file(path.join(source.root, ...source.path.split('/')));
    return loadPolicyTexts([{ uri, text: fileSystem.readFileSync(uri) }], services);
}
