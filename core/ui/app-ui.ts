import type { CrowdContent } from './crowd.js';
import type { NadeoUiModule } from './nadeo-modules.js';
import type { PageId } from '../ids.js';
import type { Child } from './markup.js';

/** What a page shows: the same content for everyone, or content rendered for each player. */
export type UiContent = Child | ((login: string) => Child);

export interface UiTarget {
  /** Only these logins; without it, every connected player and everyone who joins later. */
  to?: string | readonly string[];
}

/** `ctx.ui`: an app's own ManiaLink pages. Ids and action names are prefixed with the app id by the host. */
export interface AppUi {
  /**
   * Shows a page, or updates it where it is already shown; a player who already has identical XML is skipped,
   * and so is a login that is not connected (pages shown to everyone reach players as they join). Content given
   * as `{ perPlayer, shared }` is drawn per player while the server is small and as one shared page once it is
   * past UI_CROWD_PLAYERS players, until it is back down to the setting less a tenth (at least 2 less);
   * switched for everyone when that changes.
   */
  show<const I extends string>(id: PageId<I>, content: UiContent | CrowdContent, target?: UiTarget): Promise<void>;
  /**
   * Whether the server is crowded (it went past UI_CROWD_PLAYERS connected players and has not yet come back
   * down to the setting less a tenth, at least 2 less), when pages shown as `{ perPlayer, shared }` show their
   * shared page: an app can skip the work of drawing per player meanwhile.
   */
  readonly crowded: boolean;
  /** Removes a page from everyone's screen, or from some players'. */
  hide<const I extends string>(id: PageId<I>, target?: UiTarget): Promise<void>;
  /**
   * Declares a page as a widget: it is listed by `/hud` under `title`, where each player can hide it (their
   * choice is kept in the database); a player who hid it is not sent it, whatever the app shows. Pages of one
   * app declared with the same title are one widget, shown and hidden together. `replaces` names Nadeo's own
   * UI modules the widget stands in for: they are hidden while the app runs and given back when it stops.
   * With a `choice`, each player also picks one of its values in `/hud` (kept in the database too); the
   * returned handle reads and sets it.
   */
  widget<const I extends string, const V extends string>(id: PageId<I>, options: WidgetOptions & { choice: WidgetChoice<V> }): WidgetChoiceHandle<V>;
  widget<const I extends string>(id: PageId<I>, options: WidgetOptions): void;
}

export interface WidgetOptions {
  title: string;
  replaces?: readonly NadeoUiModule[];
}

/**
 * The one setting a widget offers each player in `/hud`, under its show/hide: one of fixed values, e.g.
 * `{ title: 'Compare with', values: { pb: 'your best', top: 'record #1' }, default: 'pb' }`.
 */
export interface WidgetChoice<V extends string = string> {
  /** What is chosen, as the `/hud` row names it. */
  title: string;
  /** Each value (1-64 lower-case letters, digits, - or _, starting with a letter) and its button's text, in button order. */
  values: Readonly<Record<V, string>>;
  /** The value of a player who never chose, or whose stored value the widget no longer offers. */
  default: NoInfer<V>;
}

/** What `ctx.ui.widget` returns for a widget with a choice: each player's value, read and set. */
export interface WidgetChoiceHandle<V extends string> {
  /**
   * The player's value: their stored choice, read from the database as they join, or the default. Synchronous:
   * read it while drawing or at each event.
   */
  choiceOf(login: string): V;
  /** Stores the player's value, as a click in `/hud` does; a value the widget does not offer is refused (PW_ERR_UI_CHOICE). */
  choose(login: string, value: V): Promise<void>;
}

/** A page declared as a widget, as the /hud window lists it. */
export interface WidgetInfo {
  /** The ManiaLink id of its first page (`pitwall.<app>.<page>`), the key players' choices are stored under. */
  id: string;
  app: string;
  title: string;
  /** The ManiaLink ids of its pages. */
  pages: string[];
  /** The choice it offers besides show/hide, if any. */
  choice?: WidgetChoice;
}

/** How the host runs app code for the UI: inside the app's attribution, only while the app is active. */
export interface AppUiRunner {
  /** Runs `fn` as the app, for `event` (the action's name); errors are the app's, reported at its level. */
  run(event: string, payload: unknown, fn: () => unknown): unknown;
  isActive(): boolean;
}

/** What became of one PlayerManialinkPageAnswer, for tests and the sandbox harness. */
export interface AnswerOutcome {
  login: string;
  answer: string;
  outcome: 'ran' | 'ignored' | 'denied' | 'limited';
  /** Settles when the handler has finished (immediately when it did not run). */
  done: Promise<unknown>;
}
