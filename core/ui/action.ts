import { ACCESS_LEVELS, isAccessLevel, type AccessLevel } from '../server/levels.js';

/** A click on an element declared with `onAction`, as the owning app's handler receives it. */
export interface UiClick {
  /** Who clicked. */
  login: string;
  /** The values of the page's `entry` / `textedit` elements, by their `name`. */
  entries: Readonly<Record<string, string>>;
}

export type ActionHandler = (click: UiClick) => unknown;

/** Who may trigger an action; checked by the host before the handler runs, with the same check as commands. */
export interface ActionPermissions {
  /**
   * The level a player needs: 'operator', 'admin' or 'master' (default 'player', everyone). Master admins are
   * the logins in ADMINS; the other groups are granted in game with `//admin add`.
   */
  level?: AccessLevel;
  /** Shorthand for `level: 'admin'`. */
  admin?: boolean;
}

/** A handler, or a handler with the permissions it requires. */
export type ActionSpec = ActionHandler | ({ handler: ActionHandler } & ActionPermissions);

export function handlerOf(spec: ActionSpec): ActionHandler {
  return typeof spec === 'function' ? spec : spec.handler;
}

/** The level a player needs to trigger the action: `level`, else 'admin' for `admin: true`, else 'player'. */
export function requiredLevel(spec: ActionSpec): AccessLevel {
  if (typeof spec === 'function') return 'player';
  return spec.level ?? (spec.admin === true ? 'admin' : 'player');
}

/** Why a value cannot be an `onAction`, or undefined when it can. */
export function actionSpecProblem(value: unknown): string | undefined {
  if (typeof value === 'function') return undefined;
  const { handler, level, admin } = (value ?? {}) as { handler?: unknown; level?: unknown; admin?: unknown };
  if (typeof handler !== 'function') return 'it must be a function or { handler, level }';
  if (level !== undefined && (typeof level !== 'string' || !isAccessLevel(level))) {
    const got = typeof level === 'string' ? JSON.stringify(level.slice(0, 32)) : typeof level;
    return `its level must be one of ${ACCESS_LEVELS.map((name) => `'${name}'`).join(', ')} (got ${got})`;
  }
  if (admin !== undefined && typeof admin !== 'boolean') return `its admin must be true or false (got ${typeof admin})`;
  return undefined;
}
