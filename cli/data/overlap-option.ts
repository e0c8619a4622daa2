import type { OptionSpec } from '../command.js';

export type OverlapResolution = 'error' | 'latest';

/** `--on-overlap`: what to do when two data files deliver the same line items (docs/cli.md, "Which data"). */
export const overlapOptionSpec: OptionSpec = {
    name: 'on-overlap', type: 'string', valueName: 'HOW', choices: ['error', 'latest'], default: 'error',
    description: 'Two data files delivering the same line items: error (default), or latest (keep the file modified last, warn)',
};

export function overlapOption(value: unknown): OverlapResolution {
    return value === 'latest' ? 'latest' : 'error';
}
