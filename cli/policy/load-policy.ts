import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { billTogether, compileLoadedPolicy, createBillingServices, loadPolicyFiles } from '../../language/index.js';
import type { PolicyModel } from '../../engine/index.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { expandPolicyInputs } from '../files/expand-inputs.js';
import { formatText } from '../output/text-format.js';
import { buildValidationReport, summaryLine } from '../output/validation-report.js';

export interface CompiledPolicy {
    readonly model: PolicyModel;
    /** Every file loaded (the named ones and their imports), absolute. */
    readonly files: readonly string[];
    readonly warnings: number;
}

/**
 * Loads, validates and compiles the policy named on the command line (files, folders or globs, as for
 * `validate`). With errors, prints them as `validate` does (`path:line:col error CODE message`, then the
 * summary) on stderr and returns undefined: the command then exits 1, and a data read started early (cli/data/early-read.ts)
 * is abandoned unseen.
 */
export async function loadCompiledPolicy(inputs: readonly string[], context: CliContext, command: string): Promise<CompiledPolicy | undefined> {
    if (inputs.length === 0) throw new UsageError('missing POLICY: name the .billing file(s) of the policy', command);
    const files = await expandPolicyInputs(inputs, context.cwd);
    // The files named are billed together: one account per group and unique names across all of them, or errors.
    const services = createBillingServices(NodeFileSystem).Billing;
    billTogether(files.map((file) => URI.file(file)), services);
    const loaded = await loadPolicyFiles(files, services);
    const loadedFiles = loaded.documents.map((document) => document.uri.fsPath);
    const compiled = compileLoadedPolicy(loaded);
    if (compiled.errors) {
        const report = buildValidationReport(loadedFiles, compiled.errors, context.cwd);
        context.stderr.write(formatText(report));
        context.stderr.write(`billing: the policy has errors, no bill computed (${summaryLine(report.summary)})\n`);
        return undefined;
    }
    const warnings = loaded.diagnostics.filter((entry) => entry.diagnostic.severity === 2).length;
    if (warnings > 0) {
        context.stderr.write(`policy: ${warnings} warning${warnings === 1 ? '' : 's'} (see 'billing validate ${inputs.join(' ')}')\n`);
    }
    return { model: compiled.model, files: loadedFiles, warnings };
}
