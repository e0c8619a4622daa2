// Public surface of engine/close: closed billing periods, the lock file of what was billed, and what would change it.
export { EMPTY_LOCK, LOCK_FILE_NAME, lockPeriod, parseLock, withPeriod, type LockedGroup, type LockedPeriod, type LockFile } from './lock.js';
export { closedPeriodChanges, type Causes, type Culprit, type ClosedFigure, type ClosedPeriodChange, type FigureChange } from './closed-periods.js';
export { entityDigests, policyDigest } from './policy-digest.js';
export { describeClosedChange } from './describe-change.js';
export { applyCorrections, nextPeriod, type CorrectedReport, type Correction, type CorrectionOptions } from './corrections.js';
export { changeLocation, type ChangeLocation } from './locate.js';
