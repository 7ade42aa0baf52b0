import type { ActionSpec } from './action.js';
import type { Markup } from './markup.js';

/** One setting in the window: its `<app>.<key>` path, current value, where it comes from and what it does. */
export interface SettingsWindowRow {
  path: string;
  key: string;
  /** The value as shown (`********` for a secret). */
  shown: string;
  /** What the value field holds to start with (empty for a secret). */
  text: string;
  /** `default`, `settings file` or `live edit by <login>`. */
  source: string;
  description: string;
}

export interface SettingsWindowProps {
  /** The app whose settings this page shows. */
  app: string;
  rows: readonly SettingsWindowRow[];
  /** 0-based page shown, and how many pages there are (each page holds one app's settings, or part of them). */
  page: number;
  pages: number;
  /** One line under the settings: the answer to the last edit, or why there is nothing to show. */
  status?: string;
  /** Sets the setting at `path` to the text typed in its field. */
  onSet: (path: string) => ActionSpec;
  /** Goes back to the settings file's value. */
  onReset: (path: string) => ActionSpec;
  onPage: (page: number) => ActionSpec;
  onClose: ActionSpec;
}

const WIDTH = 230;
const PADDING = 3;
const ROW_HEIGHT = 10;
const KEY_X = PADDING;
const VALUE_X = 50;
const SET_X = 122;
const RESET_X = 136;
const SOURCE_X = 152;

/**
 * The `//settings` window: one app's settings a page, each with its value in an entry field named by its path,
 * Set and Reset buttons (ids `set-<path>`, `reset-<path>`), its source and its description.
 */
export function SettingsWindow(props: SettingsWindowProps): Markup {
  const { rows, page, pages } = props;
  const height = 34 + Math.max(rows.length, 1) * ROW_HEIGHT;
  return (
    <frame id="settings-window" pos={[-WIDTH / 2, height / 2]} z-index={10}>
      <quad size={[WIDTH, height]} bgcolor="111d" z-index={-1} />
      <quad size={[WIDTH, 8]} bgcolor="3c6e" z-index={0} />
      <label pos={[PADDING, -4]} valign="center" textsize={2} textcolor="fff" text={props.app ? `Settings: ${props.app}` : 'Settings'} size={[WIDTH - 20, 6]} />
      <label id="settings-close" pos={[WIDTH - PADDING, -4]} halign="right" valign="center" textsize={2} textcolor="fff" text="Close" onAction={props.onClose} focusareacolor1="0000" focusareacolor2="fff3" />
      <label pos={[KEY_X, -12]} valign="center" textsize={1} textcolor="aaa" text="Setting" />
      <label pos={[VALUE_X, -12]} valign="center" textsize={1} textcolor="aaa" text="Value" />
      <label pos={[SOURCE_X, -12]} valign="center" textsize={1} textcolor="aaa" text="Source" />
      {rows.map((row, index) => (
        <frame pos={[0, -18 - index * ROW_HEIGHT]}>
          <label pos={[KEY_X, 0]} valign="center" textsize={1} textcolor="fff" text={row.key} size={[VALUE_X - KEY_X - 1, 5]} />
          <entry pos={[VALUE_X, 0]} valign="center" size={[SET_X - VALUE_X - 2, 5]} textsize={1} name={row.path} default={row.text} />
          <label id={`set-${row.path}`} pos={[SET_X, 0]} valign="center" textsize={1} textcolor="6f6" text="Set" onAction={props.onSet(row.path)} focusareacolor1="0000" focusareacolor2="fff3" />
          <label id={`reset-${row.path}`} pos={[RESET_X, 0]} valign="center" textsize={1} textcolor="f66" text="Reset" onAction={props.onReset(row.path)} focusareacolor1="0000" focusareacolor2="fff3" />
          <label pos={[SOURCE_X, 0]} valign="center" textsize={1} textcolor="aaa" text={row.source} size={[WIDTH - SOURCE_X - PADDING, 5]} />
          <label pos={[KEY_X, -4.5]} valign="center" textsize={0.8} textcolor="aaa" text={row.description ? `${row.description} (now ${row.shown})` : `now ${row.shown}`} size={[WIDTH - 2 * PADDING, 4]} />
        </frame>
      ))}
      {props.status !== undefined && <label id="settings-status" pos={[PADDING, -height + 12]} valign="center" textsize={1} textcolor="fc3" text={props.status} size={[WIDTH - 2 * PADDING, 5]} />}
      <frame pos={[WIDTH / 2, -height + 5]}>
        {page > 0 && <label id="settings-previous" pos={[-25, 0]} halign="center" valign="center" textsize={1} text="< Previous" onAction={props.onPage(page - 1)} />}
        <label halign="center" valign="center" textsize={1} textcolor="aaa" text={`Page ${page + 1} / ${Math.max(pages, 1)}`} />
        {page + 1 < pages && <label id="settings-next" pos={[25, 0]} halign="center" valign="center" textsize={1} text="Next >" onAction={props.onPage(page + 1)} />}
      </frame>
    </frame>
  );
}
