import * as path from 'node:path';
import { BUNDLED_SAMPLE_CHOICE } from '../protocol.js';

/** Where a document's data comes from, in order of precedence. */
export type DataOrigin = 'setting' | 'policy' | 'sample';

/** The data a document is priced with: absolute paths (files, folders, globs, manifests) and how to name them. */
export interface DataSpec {
    readonly origin: DataOrigin;
    readonly paths: readonly string[];
    /** For people: the paths as configured (workspace-relative when inside it), or "bundled sample". */
    readonly label: string;
    /** Identity of the spec: same origin and paths, same data. */
    readonly key: string;
}

export interface DataSourceInputs {
    /** Explicit paths from the settings or a SetData request (absolute or workspace-relative). */
    readonly explicit: readonly string[] | null;
    /** The policy's `data` paths (already absolute: the compiler resolves them against the declaring file). */
    readonly policyPaths: readonly string[];
    readonly samplePath: string | undefined;
    /** First workspace folder, for relative explicit paths and short labels. */
    readonly workspaceRoot: string | undefined;
}

/**
 * Precedence: an explicit setting or request, else the policy's own `data` statement, else the
 * bundled sample. Undefined only when there is none of the three.
 */
export function chooseDataSpec(inputs: DataSourceInputs): DataSpec | undefined {
    const root = inputs.workspaceRoot ?? process.cwd();
    // The bundled sample chosen by name (the picker's "Use the bundled sample"): whatever the extension's path now.
    const explicit = inputs.explicit?.filter(entry => entry !== BUNDLED_SAMPLE_CHOICE) ?? null;
    if (inputs.explicit && inputs.explicit.length > 0 && explicit!.length === 0) {
        return inputs.samplePath ? sampleSpec(inputs.samplePath) : undefined;
    }
    if (explicit && explicit.length > 0) {
        inputs = { ...inputs, explicit };
    }
    if (inputs.explicit && inputs.explicit.length > 0) {
        return spec('setting', inputs.explicit.map(entry => path.resolve(root, expandHome(entry))), inputs.workspaceRoot);
    }
    if (inputs.policyPaths.length > 0) {
        // Paths that are URIs (a policy not on disk) cannot be read by the ingest.
        const onDisk = inputs.policyPaths.filter(entry => !/^[a-z][a-z0-9+.-]+:\/\//i.test(entry));
        if (onDisk.length > 0) return spec('policy', onDisk, inputs.workspaceRoot);
    }
    if (inputs.samplePath) {
        return sampleSpec(inputs.samplePath);
    }
    return undefined;
}

function sampleSpec(samplePath: string): DataSpec {
    return { origin: 'sample', paths: [samplePath], label: 'bundled sample', key: `sample\u0000${samplePath}` };
}

function spec(origin: DataOrigin, paths: readonly string[], workspaceRoot: string | undefined): DataSpec {
    const label = paths.map(entry => displayPath(entry, workspaceRoot)).join(', ');
    return { origin, paths, label, key: `${origin}\u0000${paths.join('\u0000')}` };
}

/** Workspace-relative when inside the workspace, else absolute. */
export function displayPath(file: string, workspaceRoot: string | undefined): string {
    if (!workspaceRoot) return file;
    const relative = path.relative(workspaceRoot, file);
    return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

function expandHome(entry: string): string {
    const home = process.env.HOME ?? process.env.USERPROFILE;
    return home && (entry === '~' || entry.startsWith('~/')) ? path.join(home, entry.slice(1)) : entry;
}
