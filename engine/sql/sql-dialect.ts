/**
 * The SQL engines `billing sql` writes for. Athena (engine version 3) runs Trino's SQL. PostgreSQL and Amazon
 * Redshift get the same query, written in the SQL both accept (docs/warehouse.md says what was proven where).
 */
export type SqlDialectName = 'athena' | 'trino' | 'duckdb' | 'postgres' | 'redshift';
export const SQL_DIALECTS: readonly SqlDialectName[] = ['athena', 'trino', 'duckdb', 'postgres', 'redshift'];

/** What differs between the dialects in the generated query (the rest is SQL they all accept). */
export interface SqlDialect {
    readonly name: SqlDialectName;
    /** An expression that aborts the query with `message` (a VARCHAR expression) when evaluated, typed as `type`. */
    fail(message: string, type: string): string;
    /** Whether `text` matches the regular expression `pattern` (a SQL string literal of a POSIX ERE), anywhere. */
    matches(text: string, pattern: string): string;
    /** The account id of a reservation / Savings Plans ARN (its fifth field, digits), else NULL or ''. */
    arnAccount(arn: string): string;
    /** The decimal places the number written in `text` needs: fraction digits without trailing zeros − exponent. */
    decimalPlaces(text: string): string;
    /** `text` (the text of a number) as `type`, failing the query when it is not a decimal number. */
    toDecimal(text: string, type: string): string;
    /** `AS MATERIALIZED` for a CTE read more than once (DuckDB computes it once), else `AS`. */
    readonly cteReadTwice: string;
    /** The binary floating point type (the margin % quotient's first estimate). */
    readonly double: string;
    /** Whether a `VALUES` list may serve as a CTE's rows (Redshift has no constant tables: UNION ALL of SELECTs). */
    readonly valuesLists: boolean;
}

/** The account field of a reservation or Savings Plans ARN (engine/ingest/focus-mapping.ts `arnAccount`). */
const ARN_ACCOUNT = '^arn:[^:]*:[^:]*:[^:]*:([0-9]+):';
/** The fraction digits of a decimal text without trailing zeros, and its exponent: the decimal places it needs. */
const FRACTION = '^[+-]?[0-9]*\\.?([0-9]*?)0*(?:[eE][+-]?[0-9]+)?$';
const EXPONENT = '[eE]([+-]?[0-9]+)$';
/** A decimal number as the engine reads one (engine/ingest): no NaN, no Infinity (which PostgreSQL's NUMERIC accepts). */
const DECIMAL_NUMBER = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$';

/** DuckDB and Trino: regexp_extract with capture groups. */
const extracting = {
    arnAccount: (arn: string) => `NULLIF(regexp_extract(${arn}, ${sqlString(ARN_ACCOUNT)}, 1), '')`,
    decimalPlaces: (text: string) => `length(COALESCE(regexp_extract(${text}, ${sqlString(FRACTION)}, 1), '')) - ` +
        `COALESCE(CAST(NULLIF(regexp_extract(${text}, ${sqlString(EXPONENT)}, 1), '') AS INTEGER), 0)`,
    toDecimal: (text: string, type: string) => `CAST(${text} AS ${type})`,
};

const trino = (name: 'athena' | 'trino'): SqlDialect => ({
    name,
    ...extracting,
    fail: (message, type) => `CAST(fail(${message}) AS ${type})`,
    matches: (text, pattern) => `regexp_like(${text}, ${pattern})`,
    // Trino inlines CTEs: a CTE read twice is computed twice. The query reads the CUR table's wide columns
    // once; only its narrow period/account columns are read again.
    cteReadTwice: 'AS',
    double: 'DOUBLE',
    valuesLists: true,
});

/**
 * PostgreSQL and Redshift: the SQL both accept. No error function in a query (Redshift has RAISE only in stored
 * procedures): the message is cast to INTEGER, which aborts the query with an error quoting it. No regexp_extract:
 * split_part and rtrim, which both have. No VALUES lists (Redshift). A CTE read twice is computed once by
 * PostgreSQL (12 and later) without being asked; Redshift has no MATERIALIZED.
 */
const postgresFamily = (name: 'postgres' | 'redshift'): SqlDialect => {
    const mantissa = (text: string) => `split_part(lower(${text}), 'e', 1)`;
    return {
        name,
        fail: (message, type) => `CAST(CAST(${message} AS INTEGER) AS ${type})`,
        matches: (text, pattern) => `(${text} ~ ${pattern})`,
        arnAccount: (arn) => `CASE WHEN ${arn} ~ ${sqlString(ARN_ACCOUNT.replace(/[()]/g, ''))} THEN split_part(${arn}, ':', 5) END`,
        decimalPlaces: (text) => `length(rtrim(split_part(${mantissa(text)}, '.', 2), '0')) - ` +
            `COALESCE(CAST(NULLIF(split_part(lower(${text}), 'e', 2), '') AS INTEGER), 0)`,
        toDecimal: (text, type) => `CAST(CASE WHEN ${text} ~ ${sqlString(DECIMAL_NUMBER)} THEN ${text} ELSE 'billing sql: not a number: ' || ${text} END AS ${type})`,
        cteReadTwice: 'AS',
        double: 'DOUBLE PRECISION',
        valuesLists: false,
    };
};

export const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = {
    athena: trino('athena'),
    trino: trino('trino'),
    duckdb: {
        name: 'duckdb',
        ...extracting,
        fail: (message, type) => `CAST(error(${message}) AS ${type})`,
        matches: (text, pattern) => `regexp_matches(${text}, ${pattern})`,
        cteReadTwice: 'AS MATERIALIZED',
        double: 'DOUBLE',
        valuesLists: true,
    },
    postgres: postgresFamily('postgres'),
    redshift: postgresFamily('redshift'),
};

/** A SQL string literal. */
export function sqlString(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
}

/** A double-quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}
