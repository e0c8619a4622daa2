// Public surface of engine/files: how the product writes files (atomically, never a partial target).
export { AtomicFile, WriteFileError, writeFileAtomically, writeFileError, type AtomicFileOptions } from './atomic-file.js';
export { removeTemporaries } from './temp-files.js';
