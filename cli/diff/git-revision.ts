import { CliError } from '../errors.js';
import {
    GitRevisionError, GitRevisionFileSystem, readAtRevision, resolveGitSource as resolve, splitRevisionSpec, type GitPolicySource,
} from '../../language/workspace/git-revision.js';

export { GitRevisionFileSystem, readAtRevision, splitRevisionSpec, type GitPolicySource };

/** `REV:PATH` resolved from the working directory's repository; what is wrong is a CliError (exit 2). */
export function resolveGitSource(spec: string, revision: string, given: string, cwd: string): GitPolicySource {
    try {
        return resolve(spec, revision, given, cwd);
    } catch (error) {
        if (error instanceof GitRevisionError) throw new CliError(error.message);
        throw error;
    }
}
