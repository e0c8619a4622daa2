/** A mistake in how the CLI was called (unknown command or option, bad value): exit code 2, no stack trace. */
export class UsageError extends Error {
    /** The command whose `--help` explains the correct use; undefined for the top level. */
    readonly command: string | undefined;

    constructor(message: string, command?: string) {
        super(message);
        this.name = 'UsageError';
        this.command = command;
    }
}

/** A user-facing failure that is not a usage mistake (missing path, unreadable file): exit code 2, no stack trace. */
export class CliError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'CliError';
    }
}

/** Node's I/O errors carry a `code` such as ENOENT or EACCES; they are the user's environment, not our bug. */
export function isNodeIoError(error: unknown): error is NodeJS.ErrnoException {
    return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string'
        && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}
