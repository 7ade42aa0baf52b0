/** A click on an element declared with `onAction`, as the owning app's handler receives it. */
export interface UiClick {
  /** Who clicked. */
  login: string;
  /** The values of the page's `entry` / `textedit` elements, by their `name`. */
  entries: Readonly<Record<string, string>>;
}

export type ActionHandler = (click: UiClick) => unknown;

/** Who may trigger an action; checked by the host before the handler runs. */
export interface ActionPermissions {
  /** Only logins listed in ADMINS (the same check as admin chat commands). */
  admin?: boolean;
}

/** A handler, or a handler with the permissions it requires. */
export type ActionSpec = ActionHandler | ({ handler: ActionHandler } & ActionPermissions);

export function handlerOf(spec: ActionSpec): ActionHandler {
  return typeof spec === 'function' ? spec : spec.handler;
}

export function requiresAdmin(spec: ActionSpec): boolean {
  return typeof spec !== 'function' && spec.admin === true;
}
