import type { Kysely } from 'kysely';
import { toDisposable, type Disposable } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { echo } from '../server/command-params.js';
import { levelRank, reaches, type AccessLevel } from '../server/levels.js';
import type { Database } from '../storage/database.js';
import { ACCESS_NAMESPACE, accessMigrations, type AccessTables } from './migrations.js';

/** The groups a login can be put in; each grants the level of the same name. */
export const ACCESS_GROUPS = ['operator', 'admin', 'master'] as const;
export type AccessGroup = (typeof ACCESS_GROUPS)[number];

export function isAccessGroup(name: string): name is AccessGroup {
  return (ACCESS_GROUPS as readonly string[]).includes(name);
}

/** A login in a group: from ADMINS in the settings (master, fixed) or granted in game (stored). */
export interface AccessMember {
  login: string;
  group: AccessGroup;
  source: 'settings' | 'database';
  grantedBy?: string;
  grantedAt?: string;
}

/** What a grant or removal did: whether anything changed, and one line to tell whoever asked. */
export interface AccessChange {
  changed: boolean;
  message: string;
}

/** DI token and interface of the permission service: groups, levels, and the one check. */
export const AccessControl = Symbol('AccessControl');
export interface AccessControl {
  /** The highest level `login` holds (`player` when in no group). Logins match exactly. */
  levelOf(login: string): AccessLevel;
  /** The one permission check for commands, UI actions and settings edits. */
  can(login: string, level: AccessLevel): boolean;
  /** The member entry of `login`, if any. */
  memberOf(login: string): AccessMember | undefined;
  /** Every login in a group, highest level first. */
  members(): AccessMember[];
  /** Puts `login` in `group`, as `by` (a login, checked: no granting above one's own level), stored at once. */
  grant(by: string, login: string, group: AccessGroup): Promise<AccessChange>;
  /** Takes `login` out of its group, as `by` (who must reach the member's level). */
  revoke(by: string, login: string): Promise<AccessChange>;
  /**
   * Lets `actor`, a name no player login can have (the dashboard's owner, `dashboard:owner`), act with the
   * level of `group` until the result is disposed. Actors are not members: they are neither listed nor stored.
   */
  addActor(actor: string, group: AccessGroup): Disposable;
}

/** Player logins are letters, digits, '.', '_' and '-'; an actor's name has a ':' so it can never be one. */
export function isActorName(name: string): boolean {
  return /^[a-z]+:[A-Za-z0-9_.-]{1,64}$/.test(name);
}

/**
 * Membership lives in the database (namespace core_access) and in memory, so the check is synchronous and
 * cheap; the logins in ADMINS are master admins on top of it, fixed by the settings (not stored, so taking a
 * login out of ADMINS takes its rights away).
 */
export class StoredAccessControl implements AccessControl {
  private readonly stored = new Map<string, AccessMember>();
  private readonly masters: ReadonlySet<string>;
  private readonly actors = new Map<string, AccessGroup>();

  private constructor(
    private readonly db: Kysely<AccessTables>,
    masters: readonly string[],
  ) {
    this.masters = new Set(masters);
  }

  /** Migrates the membership table and loads it. */
  static async open(database: Database, masters: readonly string[]): Promise<StoredAccessControl> {
    const owner = 'core access';
    await database.migrate(ACCESS_NAMESPACE, owner, accessMigrations);
    const access = new StoredAccessControl(database.namespace<AccessTables>(ACCESS_NAMESPACE, owner), masters);
    await access.reload();
    return access;
  }

  /** Reads membership again (another controller sharing the database may have changed it). */
  async reload(): Promise<void> {
    const rows = await this.db.selectFrom('members').selectAll().execute();
    this.stored.clear();
    for (const row of rows) {
      // A row naming a group this version does not know grants nothing.
      if (!isAccessGroup(row.group_name)) continue;
      this.stored.set(row.login, { login: row.login, group: row.group_name, source: 'database', grantedBy: row.granted_by, grantedAt: row.granted_at });
    }
  }

  levelOf(login: string): AccessLevel {
    if (this.masters.has(login)) return 'master';
    const actor = this.actors.get(login);
    if (actor) return actor;
    return this.stored.get(login)?.group ?? 'player';
  }

  readonly can = (login: string, level: AccessLevel): boolean => reaches(this.levelOf(login), level);

  memberOf(login: string): AccessMember | undefined {
    if (this.masters.has(login)) return { login, group: 'master', source: 'settings' };
    return this.stored.get(login);
  }

  members(): AccessMember[] {
    const fromSettings = [...this.masters].map((login): AccessMember => ({ login, group: 'master', source: 'settings' }));
    const fromDatabase = [...this.stored.values()].filter((member) => !this.masters.has(member.login));
    return [...fromSettings, ...fromDatabase].sort((a, b) => levelRank(b.group) - levelRank(a.group) || a.login.localeCompare(b.login));
  }

  async grant(by: string, login: string, group: AccessGroup): Promise<AccessChange> {
    if (!isAccessGroup(group)) throw new PitwallError('PW_ERR_ACCESS_GROUP', { login, group });
    const held = this.levelOf(by);
    const shown = echo(login);
    if (!reaches(held, group)) return { changed: false, message: `You cannot grant ${group}: it is above your own level (${held}).` };
    if (this.masters.has(login)) return { changed: false, message: `${shown} is a master admin through ADMINS in the settings; change it there.` };
    const current = this.stored.get(login);
    if (current?.group === group) return { changed: false, message: `${shown} is already in group ${group}.` };
    if (current && !reaches(held, current.group)) return { changed: false, message: `You cannot change ${shown}: their group ${current.group} is above your own level (${held}).` };
    const row = { login, group_name: group, granted_by: by, granted_at: new Date().toISOString() };
    await this.db
      .insertInto('members')
      .values(row)
      .onConflict((conflict) => conflict.column('login').doUpdateSet({ group_name: group, granted_by: by, granted_at: row.granted_at }))
      .execute();
    this.stored.set(login, { login, group, source: 'database', grantedBy: by, grantedAt: row.granted_at });
    return { changed: true, message: `${shown} is now in group ${group}.` };
  }

  addActor(actor: string, group: AccessGroup): Disposable {
    if (!isActorName(actor)) throw new Error(`'${actor}' is not an actor name (kind:name, e.g. dashboard:owner)`);
    this.actors.set(actor, group);
    return toDisposable(() => {
      if (this.actors.get(actor) === group) this.actors.delete(actor);
    });
  }

  async revoke(by: string, login: string): Promise<AccessChange> {
    const shown = echo(login);
    if (this.masters.has(login)) return { changed: false, message: `${shown} is a master admin through ADMINS in the settings; change it there.` };
    const current = this.stored.get(login);
    if (!current) return { changed: false, message: `${shown} is in no group.` };
    const held = this.levelOf(by);
    if (!reaches(held, current.group)) return { changed: false, message: `You cannot change ${shown}: their group ${current.group} is above your own level (${held}).` };
    await this.db.deleteFrom('members').where('login', '=', login).execute();
    this.stored.delete(login);
    return { changed: true, message: `${shown} is no longer in group ${current.group}.` };
  }
}
