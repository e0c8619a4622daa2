import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PolicyModel } from '../../engine/policy/model.js';
import type { FileDiagnostic, LoadedPolicy } from '../workspace/policy-loader.js';
import { compilePolicy } from './compile-policy.js';

export type CompileResult =
    | { readonly model: PolicyModel; readonly errors?: undefined }
    | { readonly model?: undefined; readonly errors: readonly FileDiagnostic[] };

/**
 * The model of a loaded policy, or the errors that stop it from having one. Warnings do not stop
 * compilation; they stay in `loaded.diagnostics` for the caller to show.
 */
export function compileLoadedPolicy(loaded: LoadedPolicy): CompileResult {
    const errors = loaded.diagnostics.filter(entry => (entry.diagnostic.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error);
    if (errors.length > 0) return { errors };
    return { model: compilePolicy(loaded.documents) };
}
