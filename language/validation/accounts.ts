import type { Account, AccountRef } from '../generated/ast.js';

const ACCOUNT_ID = /^[0-9]{12}$/;

export function isValidAccountId(id: string): boolean {
    return ACCOUNT_ID.test(id);
}

/** The account id an account reference stands for: the id written, or the id of the named account. */
export function accountIdOf(ref: AccountRef | undefined): string | undefined {
    if (!ref) return undefined;
    if (ref.id !== undefined) return ref.id;
    return ref.account?.ref?.id;
}

/** How messages show an account: `111111111111 ("web-prod")` when a name is known. */
export function describeAccountId(id: string, accounts: readonly Account[]): string {
    const name = accounts.find(account => account.id === id && account.name)?.name;
    return name ? `${id} ("${name}")` : id;
}
