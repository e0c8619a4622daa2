import { UsageError } from '../errors.js';
import { listOption } from '../parse-args.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A billing period: a calendar month `YYYY-MM`. */
export function isMonth(text: string): boolean {
    return MONTH.test(text);
}

/**
 * The `--period` values (repeatable, or comma-separated) as sorted distinct months; undefined when none
 * was given. A malformed one is a usage error naming it.
 */
export function periodOption(value: string | readonly string[] | boolean | undefined, command: string): string[] | undefined {
    const periods = listOption(value);
    if (periods.length === 0) return undefined;
    for (const period of periods) {
        if (!isMonth(period)) throw new UsageError(`invalid period '${period}' for '--period' (expected YYYY-MM, e.g. 2026-03)`, command);
    }
    return [...new Set(periods)].sort();
}
