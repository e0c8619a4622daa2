/** The SQL engines `billing sql` writes for. Athena (engine version 3) runs Trino's SQL. */
export type SqlDialectName = 'athena' | 'trino' | 'duckdb';
export const SQL_DIALECTS: readonly SqlDialectName[] = ['athena', 'trino', 'duckdb'];

/** What differs between the dialects in the generated query (the rest is SQL both accept). */
export interface SqlDialect {
    readonly name: SqlDialectName;
    /** An expression that aborts the query with `message` (a VARCHAR expression) when evaluated, typed as `type`. */
    fail(message: string, type: string): string;
    /** Whether `text` matches the regular expression `pattern` (a SQL string literal), anywhere. */
    matches(text: string, pattern: string): string;
    /** `AS MATERIALIZED` for a CTE read more than once (DuckDB computes it once), else `AS`. */
    readonly cteReadTwice: string;
}

const trino = (name: 'athena' | 'trino'): SqlDialect => ({
    name,
    fail: (message, type) => `CAST(fail(${message}) AS ${type})`,
    matches: (text, pattern) => `regexp_like(${text}, ${pattern})`,
    // Trino inlines CTEs: a CTE read twice is computed twice. The query reads the CUR table's wide columns
    // once; only its narrow period/account columns are read again.
    cteReadTwice: 'AS',
});

export const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = {
    athena: trino('athena'),
    trino: trino('trino'),
    duckdb: {
        name: 'duckdb',
        fail: (message, type) => `CAST(error(${message}) AS ${type})`,
        matches: (text, pattern) => `regexp_matches(${text}, ${pattern})`,
        cteReadTwice: 'AS MATERIALIZED',
    },
};

/** A SQL string literal. */
export function sqlString(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
}

/** A double-quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}
