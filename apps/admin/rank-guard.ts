import { ACCESS_LEVELS, type AccessControl, type AccessLevel } from '../../core/index.js';

/** What a sanction does to its target, for the refusal line: 'ban', 'kick', 'remove from the guest list'. */
export interface SanctionWords {
  verb: string;
  /** Never allowed on a login in ADMINS (the owner's own accounts), whatever the caller's level. */
  neverOnOwners?: boolean;
}

const rank = (level: AccessLevel): number => ACCESS_LEVELS.indexOf(level);

/** Why a sanction is refused, as the key of its line in the app's messages and that line's parameters. */
export type SanctionRefusal =
  | { key: 'refusedSelf'; params: { verb: string } }
  | { key: 'refusedOwner'; params: { verb: string; target: string } }
  | { key: 'refusedLevel'; params: { verb: string; target: string; theirs: AccessLevel; yours: AccessLevel } };

/**
 * Why `caller` may not sanction `target`, or undefined when they may: nobody sanctions themselves, and a
 * sanction reaches only players whose level is below the caller's, so an operator cannot silence the admin
 * who made them one and a master admin cannot lock another master out.
 */
export function sanctionRefusal(access: AccessControl, caller: string, target: string, words: SanctionWords): SanctionRefusal | undefined {
  const { verb } = words;
  if (target === caller) return { key: 'refusedSelf', params: { verb } };
  if (words.neverOnOwners && access.memberOf(target)?.source === 'settings') return { key: 'refusedOwner', params: { verb, target } };
  const theirs = access.levelOf(target);
  const yours = access.levelOf(caller);
  if (rank(theirs) >= rank(yours)) return { key: 'refusedLevel', params: { verb, target, theirs, yours } };
  return undefined;
}

/** Whether a stored sanction of this kind must not be applied to `login` (an owner's account in ADMINS). */
export function protectedOwner(access: AccessControl, login: string): boolean {
  return access.memberOf(login)?.source === 'settings';
}
