// Public surface of language/: everything the CLI and the server use from the language.
export { createBillingServices, type BillingServices } from './billing-module.js';
export { loadPolicyFiles, loadPolicyTexts, PolicyLoadError, type FileDiagnostic, type LoadedPolicy, type PolicyText } from './workspace/policy-loader.js';
export { loadImportedDocuments } from './workspace/import-loader.js';
export { mergedPolicyDocuments, policyDocuments, resolveImportUri } from './workspace/policy-documents.js';
export { importReach, type ImportReach } from './workspace/import-reach.js';
export { compileEntries, compileLoadedPolicy, compilePolicy, type CompileResult } from './compile/index.js';
export { formatPolicyText } from './lsp/format-text.js';
export * as ast from './generated/ast.js';
export { BILLING_MANIFEST, BillingManifestError, billTogether, findBillingManifest, readBillingManifest } from './workspace/billed-together.js';
export { BUILT_IN_PLANS_URI } from './scoping/built-in-plans.js';
