/**
 * A throwaway PostgreSQL server for the SQL equivalence tests: initdb into a temporary folder, started with pg_ctl
 * on a Unix socket in that folder only (no TCP port, so parallel test files and other servers never collide),
 * queried with psql, stopped and removed by `stop()`. Root cannot run postgres: as root the server runs as the
 * `postgres` user the Debian package creates. When no server is installed, scripts/postgres-setup.sh installs it
 * (as root with apt); a server that cannot start throws, so the tests fail rather than skip.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import type { SqlRow } from './sql-harness.js';

const SETUP = path.resolve('scripts/postgres-setup.sh');
const NULL = '<null>';
const SEPARATOR = '\u001f';
const PORT = '5432';

export interface PostgresServer {
    /** `SELECT version()`. */
    readonly version: string;
    /** Runs SQL statements; throws psql's error. */
    run(sql: string): void;
    /** Loads a CSV file (with a header line) into an existing table, through psql's client-side \copy. */
    copyCsv(table: string, file: string): void;
    /** One query's rows, every value as text (NULL as null). */
    query(sql: string): SqlRow[];
    /** The error the query fails with (throws if it succeeds). */
    error(sql: string): string;
    stop(): void;
}

/** The folder of initdb, pg_ctl and psql: the newest /usr/lib/postgresql/N/bin (Debian), installing it if needed. */
function binaries(): string {
    const find = (): string | undefined => {
        const root = '/usr/lib/postgresql';
        const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
        versions.sort((a, b) => Number(b) - Number(a));
        return versions.length > 0 ? path.join(root, versions[0]!, 'bin') : undefined;
    };
    const found = find();
    if (found) return found;
    const setup = spawnSync('bash', [SETUP], { encoding: 'utf8' });
    const installed = find();
    if (!installed) throw new Error(`no PostgreSQL server, and ${SETUP} could not install one:\n${setup.stdout}${setup.stderr}`);
    return installed;
}

function check(result: SpawnSyncReturns<string>, what: string): string {
    if (result.error) throw new Error(`${what}: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stderr || result.stdout}`);
    return result.stdout;
}

export function startPostgres(): PostgresServer {
    const bin = binaries();
    const root = userInfo().uid === 0;
    const base = mkdtempSync(path.join(tmpdir(), 'billing-pg-'));
    const data = path.join(base, 'data');
    const log = path.join(base, 'server.log');
    // The server's own commands run as `postgres` under root (postgres refuses root), as the caller otherwise.
    const asServer = (command: string, args: readonly string[]) => {
        const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), [...args]];
        return spawnSync(file, argv as string[], { encoding: 'utf8', timeout: 120_000 });
    };
    if (root) {
        const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
        const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
        if (id.status !== 0) throw new Error('running as root, but there is no postgres user to run the server as (the Debian package creates it)');
        chownSync(base, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
    let started = false;
    const stop = () => {
        if (started) asServer('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        started = false;
        rmSync(base, { recursive: true, force: true });
    };
    try {
        check(asServer('initdb', ['-D', data, '-U', 'billing', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']), 'initdb');
        const options = `-c listen_addresses='' -k ${base} -p ${PORT} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
        const start = asServer('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
        started = start.status === 0;
        if (!started) throw new Error(`pg_ctl start exited ${start.status}:\n${start.stderr}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
    } catch (error) {
        stop();
        throw error;
    }

    const psql = (input: string, extra: readonly string[] = []) => spawnSync(path.join(bin, 'psql'), [
        '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', base, '-p', PORT, '-U', 'billing', '-d', 'postgres', ...extra, '-f', '-',
    ], { input, encoding: 'utf8', timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
    const rows = (input: string) => psql(input, ['-A', '-F', SEPARATOR, '-P', 'footer=off', '-P', `null=${NULL}`]);
    const parse = (output: string): SqlRow[] => {
        const [header, ...lines] = output.split('\n').filter((line) => line !== '');
        const names = header!.split(SEPARATOR);
        return lines.map((line) => Object.fromEntries(line.split(SEPARATOR).map((value, i) => [names[i], value === NULL ? null : value])) as unknown as SqlRow);
    };
    const server: PostgresServer = {
        version: '',
        run: (sql) => void check(psql(sql), 'psql'),
        copyCsv: (table, file) => void check(psql(`\\copy ${table} FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)\n`), `psql \\copy ${file}`),
        query: (sql) => parse(check(rows(sql), 'psql')),
        error: (sql) => {
            const result = rows(sql);
            if (result.status === 0) throw new Error('the query succeeded');
            return result.stderr;
        },
        stop,
    };
    return { ...server, version: server.query('SELECT version() AS record')[0]!.record };
}
