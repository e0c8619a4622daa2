// Public surface of engine/abc-config: a policy as AWS Billing Conductor resources and back (docs/cli.md
// "export-config", "import-config"). Pure data conversions; the CLI reads, writes and formats.
export type { AbcConfig, AbcFinding } from './types.js';
export { policyToAbc } from './from-policy.js';
export { checkAbcQuotas, ABC_LIMITS } from './quotas.js';
export { toCloudFormation, renderCloudFormation, CFN_TYPES, type CfnTemplate } from './cloudformation.js';
export { toTerraform, TERRAFORM_TYPES } from './terraform.js';
export { toAbcApiRequests, type AbcApiRequests } from './abc-api.js';
export { readSourceFile, AbcConfigError, type SourceFile } from './source-file.js';
export { readCloudFormation, isCloudFormation } from './read-cloudformation.js';
export { readListOutputs, isListOutput, LIST_OUTPUT_KEYS } from './read-list-output.js';
export { abcToPolicyText } from './policy-text.js';
