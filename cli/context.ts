/** Where a command reads and writes: the process in production, buffers in tests. */
export interface CliContext {
    /** Directory that relative paths (arguments and printed paths) are relative to. */
    readonly cwd: string;
    readonly stdout: TextSink;
    readonly stderr: TextSink;
    readonly env: Readonly<Record<string, string | undefined>>;
}

export interface TextSink {
    write(text: string): void;
}
