import type { ActionSpec } from './action.js';
import type { HAlign } from './elements.js';
import type { PageId } from '../ids.js';
import type { AppUi } from './manager.js';
import { Fragment, type Markup } from './markup.js';
import { template } from './template.js';

export interface ListColumn {
  header: string;
  /** Width in ManiaLink units; the window is as wide as its columns (at least 80). */
  width: number;
  halign?: HAlign;
}

export type ListCell = string | number;

export interface ListWindowProps {
  title: string;
  columns: readonly ListColumn[];
  /** The rows of this page only. */
  rows: readonly (readonly ListCell[])[];
  /** 0-based page shown, and how many pages there are. */
  page: number;
  pages: number;
  /** Called with the page to show when the player pages; omitted: no paging buttons. */
  onPage?: (page: number) => ActionSpec;
  onClose?: ActionSpec;
}

const ROW_HEIGHT = 5;
const PADDING = 3;

/** Each column's left edge, from the padding on. */
function leftsOf(columns: readonly ListColumn[]): number[] {
  const lefts: number[] = [];
  columns.reduce((left, column) => (lefts.push(left), left + column.width), PADDING);
  return lefts;
}

/** Where a column's text is anchored, by its alignment. */
function anchorOf(column: ListColumn, left: number): number {
  return column.halign === 'right' ? left + column.width - 1 : column.halign === 'center' ? left + column.width / 2 : left;
}

type RowTemplate = (position: string, ...cells: ListCell[]) => Markup;

interface ColumnParts {
  /** The header row: the same for every page of every window with these columns. */
  headers: Markup;
  /** A row: rendered once for these columns, filled with each row's position and cells. */
  row: RowTemplate;
}

const columnParts = new WeakMap<readonly ListColumn[], ColumnParts>();

function partsOf(columns: readonly ListColumn[]): ColumnParts {
  let parts = columnParts.get(columns);
  if (parts) return parts;
  const lefts = leftsOf(columns);
  const headers = (
    <Fragment>
      {columns.map((column, index) => (
        <label pos={[anchorOf(column, lefts[index]!), -12]} halign={column.halign ?? 'left'} valign="center" textsize={1} textcolor="aaa" text={column.header} size={[column.width - 1, ROW_HEIGHT]} />
      ))}
    </Fragment>
  );
  const row = template(
    (position: string, ...cells: string[]) => (
      <frame pos={position as `${number} ${number}`}>
        {columns.map((column, index) => (
          <label pos={[anchorOf(column, lefts[index]!), 0]} halign={column.halign ?? 'left'} valign="center" textsize={1} textcolor="fff" text={cells[index]} size={[column.width - 1, ROW_HEIGHT]} />
        ))}
      </frame>
    ),
    1 + columns.length,
  ) as RowTemplate;
  parts = { headers, row };
  columnParts.set(columns, parts);
  return parts;
}

/**
 * A centred window with a title, a header row, one row per item, paging buttons and a close button. The
 * buttons carry element ids (`list-previous`, `list-next`, `list-close`) so tests can click them by name.
 */
export function ListWindow(props: ListWindowProps): Markup {
  const { columns, rows, page, pages } = props;
  const width = Math.max(80, columns.reduce((sum, column) => sum + column.width, 0) + 2 * PADDING);
  const height = 24 + Math.max(rows.length, 1) * ROW_HEIGHT;
  const { headers, row: rowOf } = partsOf(columns);
  return (
    <frame id="list-window" pos={[-width / 2, height / 2]} z-index={10}>
      <quad size={[width, height]} bgcolor="111d" z-index={-1} />
      <quad size={[width, 8]} bgcolor="3c6e" z-index={0} />
      <label pos={[PADDING, -4]} valign="center" textsize={2} text={props.title} textcolor="fff" size={[width - 20, 6]} />
      {props.onClose && <label id="list-close" pos={[width - PADDING, -4]} halign="right" valign="center" textsize={2} text="Close" textcolor="fff" onAction={props.onClose} focusareacolor1="0000" focusareacolor2="fff3" />}
      {headers}
      {rows.map((row, rowIndex) => rowOf(`0 ${-17 - rowIndex * ROW_HEIGHT}`, ...row))}
      {rows.length === 0 && <label pos={[PADDING, -17]} valign="center" textsize={1} textcolor="aaa" text="Nothing to show." />}
      <frame pos={[width / 2, -height + 5]}>
        {props.onPage && page > 0 && <label id="list-previous" pos={[-20, 0]} halign="center" valign="center" textsize={1} text="< Previous" onAction={props.onPage(page - 1)} />}
        <label halign="center" valign="center" textsize={1} textcolor="aaa" text={`Page ${page + 1} / ${Math.max(pages, 1)}`} />
        {props.onPage && page + 1 < pages && <label id="list-next" pos={[20, 0]} halign="center" valign="center" textsize={1} text="Next >" onAction={props.onPage(page + 1)} />}
      </frame>
    </frame>
  );
}

export interface ListWindowOptions<I extends string = string> {
  /** The page id (unique within the app); a literal is checked by the compiler (see PageId). */
  id: PageId<I>;
  title: string;
  columns: readonly ListColumn[];
  /** Every row; the window shows `pageSize` of them at a time. */
  rows: readonly (readonly ListCell[])[] | (() => readonly (readonly ListCell[])[] | Promise<readonly (readonly ListCell[])[]>);
  pageSize?: number;
}

/**
 * Opens a paged list window for one player through an app's ctx.ui; paging and closing are handled here,
 * and each page is sent to that player only. `rows` as a function is read again at every page turn.
 */
export async function showListWindow<const I extends string>(ui: AppUi, login: string, options: ListWindowOptions<I>, page = 0): Promise<void> {
  const pageSize = options.pageSize ?? 10;
  const all = typeof options.rows === 'function' ? await options.rows() : options.rows;
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const shown = Math.min(Math.max(0, page), pages - 1);
  await ui.show(
    options.id,
    <ListWindow
      title={options.title}
      columns={options.columns}
      rows={all.slice(shown * pageSize, (shown + 1) * pageSize)}
      page={shown}
      pages={pages}
      onPage={(next) => ({ login: clicker }) => showListWindow(ui, clicker, options, next)}
      onClose={({ login: clicker }) => ui.hide(options.id, { to: clicker })}
    />,
    { to: login },
  );
}
