import type { AccountRef } from '../generated/ast.js';

/** The 12-digit id an account reference stands for: written as an id, or a declared account's name. */
export function accountIdOf(ref: AccountRef | undefined): string | undefined {
    if (!ref) return undefined;
    return ref.id ?? ref.account?.ref?.id;
}
