/**
 * Node options the language server process starts with (the VS Code client and bench:lsp use the same list).
 *
 * `--max-semi-space-size=64`: V8's young generation at 64 MB instead of its 16 MB default. An edit's live policy and
 * report (thousands of small objects on a 5,000-group policy) outgrow the default semi-space, so every keystroke paid a
 * young-generation scavenge copying them: 279 ms of GC per edit at p50 in `npm run bench` section 3 (load 26) against
 * 0 ms with 64 MB (bench/README.md). The cost is at most 3 × 64 MB of reserved address space, used only as needed.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=64'];
