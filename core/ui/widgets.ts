import { PitwallError } from '../errors.js';
import { isPageId } from '../ids.js';
import type { WidgetChoice, WidgetChoiceHandle, WidgetInfo, WidgetOptions } from './app-ui.js';
import type { HudChoices } from './hud.js';
import { checkModules } from './nadeo-modules.js';

/** One page an app declared as a widget: the title it is listed under and the choice it offers, if any. */
export interface DeclaredWidget {
  title: string;
  choice?: WidgetChoice;
}

/** An app's declared widget pages, by page name, in the order of their declarations. */
export type AppWidgets = Map<string, DeclaredWidget>;

const PREFIX = 'pitwall.';

/**
 * Checks one `ctx.ui.widget` declaration and adds it to the app's widgets; returns the key its players'
 * choices are stored under (the ManiaLink id of the first page declared with the same title).
 */
export function declareWidget(app: string, widgets: AppWidgets, name: string, options: WidgetOptions & { choice?: WidgetChoice }): string {
  if (!isPageId(name)) throw new PitwallError('PW_ERR_UI_ID', { id: app, name });
  if (options.replaces) checkModules(app, name, options.replaces);
  if (options.choice) {
    checkChoice(app, name, options.choice);
    const taken = [...widgets].find(([page, other]) => page !== name && other.title === options.title && other.choice);
    if (taken) {
      throw new PitwallError('PW_ERR_UI_CHOICE', {
        id: app,
        name,
        problem: `widget '${options.title}' already has a choice, declared with page '${taken[0]}'`,
        fix: 'declare one choice per widget, with one of its pages',
      });
    }
  }
  widgets.set(name, { title: options.title, choice: options.choice });
  return widgetKeyOf(app, widgets, name)!;
}

/** Refuses a choice an app in plain JavaScript (no type check) or with computed values may declare. */
function checkChoice(app: string, name: string, choice: WidgetChoice): void {
  const refuse = (problem: string, fix: string): never => {
    throw new PitwallError('PW_ERR_UI_CHOICE', { id: app, name, problem, fix });
  };
  if (typeof choice.title !== 'string' || choice.title === '') refuse('its title is missing', "give the choice a title, e.g. title: 'Compare with'");
  const values = choice.values && typeof choice.values === 'object' ? Object.keys(choice.values) : [];
  if (values.length === 0) refuse('it offers no value', "give values at least one value and its text, e.g. values: { pb: 'your best' }");
  const bad = values.find((value) => !isPageId(value));
  if (bad !== undefined) refuse(`value '${bad}' is not 1-64 lower-case letters, digits, - or _, starting with a letter`, 'rename the value');
  const textless = values.find((value) => typeof (choice.values as Record<string, unknown>)[value] !== 'string');
  if (textless !== undefined) refuse(`value '${textless}' has no text`, `give it the text of its /hud button, e.g. ${textless}: 'your best'`);
  if (!values.includes(choice.default)) refuse(`its default '${String(choice.default)}' is not one of its values (${values.join(', ')})`, 'make the default one of the values');
}

/** The handle `ctx.ui.widget` returns for a widget with a choice; `store` keeps a checked value. */
export function choiceHandle(
  widget: { app: string; name: string; key: string; choice: WidgetChoice },
  hud: HudChoices | undefined,
  store: (login: string, value: string) => Promise<void>,
): WidgetChoiceHandle<string> {
  const { app, name, key, choice } = widget;
  return {
    choiceOf: (login) => valueOf(hud, login, key, choice),
    choose: async (login, value) => {
      checkValue(app, name, choice, value);
      await store(login, value);
    },
  };
}

/** Refuses a value the widget's choice does not offer (from an app's own command, say). */
function checkValue(app: string, name: string, choice: WidgetChoice, value: string): void {
  if (Object.hasOwn(choice.values, value)) return;
  const values = Object.keys(choice.values).join(', ');
  throw new PitwallError('PW_ERR_UI_CHOICE', { id: app, name, problem: `'${value}' is not one of its values (${values})`, fix: `choose one of ${values}` });
}

/**
 * A player's value of a widget's choice. A stored value the widget no longer offers (a new version of the app
 * dropped or renamed it) counts as the default; its row stays until the player chooses again.
 */
export function valueOf(hud: HudChoices | undefined, login: string, key: string, choice: WidgetChoice): string {
  const stored = hud?.choiceOf(login, key);
  return stored !== undefined && Object.hasOwn(choice.values, stored) ? stored : choice.default;
}

/** An app's widgets as /hud lists them: pages with the same title are one widget, keyed by the first. */
export function widgetsOf(app: string, widgets: AppWidgets | undefined): WidgetInfo[] {
  const byTitle = new Map<string, WidgetInfo>();
  for (const [name, { title, choice }] of widgets ?? []) {
    const pageId = `${PREFIX}${app}.${name}`;
    const known = byTitle.get(title);
    if (known) {
      known.pages.push(pageId);
      known.choice ??= choice;
    } else byTitle.set(title, { id: pageId, app, title, pages: [pageId], choice });
  }
  return [...byTitle.values()];
}

/** The key of the widget a page belongs to (the first page with its title), or undefined for a page that is no widget. */
export function widgetKeyOf(app: string, widgets: AppWidgets | undefined, name: string): string | undefined {
  const title = widgets?.get(name)?.title;
  if (title === undefined) return undefined;
  const first = [...widgets!].find(([, other]) => other.title === title)![0];
  return `${PREFIX}${app}.${first}`;
}
