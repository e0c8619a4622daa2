import * as path from 'node:path';
import type { PolicyModel } from '../engine/policy/model.js';
import { compileLoadedPolicy, loadPolicyFiles } from '../language/index.js';

/** The policy model of an example policy file, or why it has none (the bench then skips the report). */
export async function loadExamplePolicy(file: string): Promise<PolicyModel | string> {
    const compiled = compileLoadedPolicy(await loadPolicyFiles([path.resolve(file)]));
    return compiled.model ?? `${file} does not compile (${compiled.errors.length} errors): report skipped`;
}
