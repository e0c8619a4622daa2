/**
 * The candidate closest to `input` for "did you mean …?" hints and quick fixes: Levenshtein distance,
 * case-insensitive, at most 2 edits or a quarter of the input's length (long usage types tolerate
 * more). Ties go to the first candidate, so callers pass candidates in a stable order.
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
    const needle = input.toLowerCase();
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(input.length / 4)) + 1;
    for (const candidate of candidates) {
        if (candidate === input) continue;
        if (Math.abs(candidate.length - input.length) >= bestDistance) continue;
        const distance = editDistance(needle, candidate.toLowerCase(), bestDistance);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** Levenshtein distance; stops early (returning `limit`) once every path is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        let rowMin = i;
        for (let j = 1; j <= b.length; j++) {
            const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
            current[j] = value;
            if (value < rowMin) rowMin = value;
        }
        if (rowMin >= limit) return limit;
        previous = current;
    }
    return previous[b.length]!;
}
