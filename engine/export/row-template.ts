/**
 * A CSV row whose fields are all fixed but a few (the holes), rendered once: the fixed fields' CSV text is joined
 * into the segments between the holes, so that each row made from it is a concatenation of `holes + 1` segments and
 * the holes' texts — the same line as rendering every field and joining them with commas. The export's custom line
 * item rows (one per itemized line item row: the same fields but for id, cost and what they copy from their line
 * item) are written through one.
 */
export class RowTemplate {
    /** Column of each hole, in increasing order. */
    readonly holes: readonly number[];
    /** segments[k] comes before hole k; the last one after the last hole. Commas are in the segments. */
    private readonly segments: readonly string[];
    /** Reused between rows: the segments and the holes' texts, interleaved. */
    private readonly parts: string[];

    /** `rendered`: every field's CSV text (the holes' are ignored); `holes`: columns filled per row, any order. */
    constructor(rendered: readonly string[], holes: Iterable<number>) {
        const isHole = new Set<number>();
        for (const hole of holes) if (hole >= 0 && hole < rendered.length) isHole.add(hole);
        const segments: string[] = [];
        const order: number[] = [];
        let current = '';
        for (let i = 0; i < rendered.length; i++) {
            if (i > 0) current += ',';
            if (isHole.has(i)) {
                segments.push(current);
                order.push(i);
                current = '';
            } else {
                current += rendered[i]!;
            }
        }
        segments.push(current);
        this.holes = order;
        this.segments = segments;
        this.parts = new Array<string>(2 * order.length + 1).fill('');
    }

    /** The row's line: `values[k]` is the CSV text of hole k (in the order of `holes`). */
    line(values: readonly string[]): string {
        const segments = this.segments;
        const parts = this.parts;
        parts[0] = segments[0]!;
        for (let k = 0; k < values.length; k++) {
            parts[2 * k + 1] = values[k]!;
            parts[2 * k + 2] = segments[k + 1]!;
        }
        // One flat string (a join), not a rope of `+`: the writer's chunk join would flatten every row's rope again.
        return parts.join('');
    }
}
