import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LangiumDocument } from 'langium';
import { closedPeriodChanges, EMPTY_LOCK, LOCK_FILE_NAME, parseLock, policyDigest, type ClosedPeriodChange, type LockFile } from '../../engine/close/index.js';
import type { CostReport } from '../../engine/index.js';
import type { ClosedPeriodFacts } from '../../language/validation/index.js';
import type { BillingServerServices } from '../server-services.js';

const changesByReport = new WeakMap<CostReport, readonly ClosedPeriodChange[]>();
const locks = new Map<string, { readonly mtimeMs: number; readonly lock: LockFile | undefined }>();

/**
 * What the closed-period check (BIL110) sees: the changes the edited policy would make to the period shown, when
 * it is closed, against billing.lock.json next to the file that says `closed through` (as `billing check` does
 * by default). Not against the bundled sample; nothing when the lock file is malformed (`billing check` says why).
 */
export function closedPeriodFacts(services: BillingServerServices, document: LangiumDocument): ClosedPeriodFacts | undefined {
    const entry = services.server.Data.entryFor(document, false);
    if (!entry || entry.current.state !== 'ready' || entry.spec.origin === 'sample') return undefined;
    return {
        lockName: LOCK_FILE_NAME,
        changesOf: (doc) => {
            const pricing = services.server.Pricing.pricingFor(doc, 'shown', false);
            if (pricing.kind !== 'priced' || !pricing.periodInData) return undefined;
            const through = pricing.model.closedThrough;
            if (!through?.origin?.uri.startsWith('file:')) return undefined;
            let changes = changesByReport.get(pricing.report);
            if (!changes) {
                const lock = lockNextTo(fileURLToPath(through.origin.uri));
                if (!lock) return undefined;
                changes = closedPeriodChanges(pricing.model, pricing.report, lock, { policy: policyDigest(pricing.model) });
                changesByReport.set(pricing.report, changes);
            }
            return changes;
        },
        modelOf: (doc) => {
            const pricing = services.server.Pricing.pricingFor(doc, 'shown', false);
            return pricing.kind === 'priced' ? pricing.model : undefined;
        },
    };
}

/** The lock file next to a policy file (empty when there is none), re-read when it changes on disk. */
function lockNextTo(policyFile: string): LockFile | undefined {
    const file = path.join(path.dirname(policyFile), LOCK_FILE_NAME);
    let mtimeMs: number;
    try {
        mtimeMs = statSync(file).mtimeMs;
    } catch {
        return EMPTY_LOCK;
    }
    const cached = locks.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.lock;
    let lock: LockFile | undefined;
    try {
        lock = parseLock(readFileSync(file, 'utf8'));
    } catch {
        lock = undefined;
    }
    locks.set(file, { mtimeMs, lock });
    return lock;
}
