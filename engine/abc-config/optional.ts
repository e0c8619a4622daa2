/** `{ key: value }`, or `{}` when the value is absent: optional properties without `undefined` values. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
