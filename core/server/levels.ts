/**
 * Permission levels, lowest first. Every player has at least `player`; the groups a login may belong to
 * (operator, admin, master) are kept by core/access. Commands, UI actions and settings edits each name the
 * level they need, and one check (`PermissionCheck`) decides.
 */
export const ACCESS_LEVELS = ['player', 'operator', 'admin', 'master'] as const;

export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Whether `name` is one of the levels. */
export function isAccessLevel(name: string): name is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(name);
}

/** The rank of a level: player 0, operator 1, admin 2, master 3. */
export function levelRank(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level);
}

/** Whether `held` reaches `needed`. */
export function reaches(held: AccessLevel, needed: AccessLevel): boolean {
  return levelRank(held) >= levelRank(needed);
}

/** The one permission check: may `login` do what needs `level`? (`player` is never asked: everyone has it.) */
export type PermissionCheck = (login: string, level: AccessLevel) => boolean;

/** `/name` for commands every player may use, `//name` for those that need more (operator and up). */
export function commandPrefix(level: AccessLevel): '/' | '//' {
  return level === 'player' ? '/' : '//';
}
