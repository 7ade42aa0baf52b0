import type { ActionSpec, Markup } from '../../core/index.js';
import { MAP_SORTS, type MapRow, type MapSort } from './map-search.js';

/** The window's own words, in the reader's language. */
export interface MapListLabels {
  close: string;
  sort: string;
  map: string;
  author: string;
  karma: string;
  record: string;
  yours: string;
  remove: string;
  noMatch: string;
  previous: string;
  next: string;
  /** The page line, e.g. "Page 2 / 5". */
  page: string;
  sorts: Record<MapSort, string>;
}

export interface MapListProps {
  title: string;
  /** The rows of this page only. */
  rows: readonly MapRow[];
  page: number;
  pages: number;
  sort: MapSort;
  /** Which columns the running apps can fill. */
  showKarma: boolean;
  showRecords: boolean;
  formatTime(ms: number): string;
  onSort(sort: MapSort): ActionSpec;
  onPage(page: number): ActionSpec;
  /** Clicking a map's name queues it. */
  onQueue(row: MapRow): ActionSpec;
  /** Admins get a Remove button on each row (it asks for confirmation first). */
  onRemove?: (row: MapRow) => ActionSpec;
  onClose: ActionSpec;
  labels: MapListLabels;
}

const ROW = 5;
const PAD = 3;

interface Column {
  header: string;
  width: number;
  halign?: 'left' | 'right';
  cell(row: MapRow): string;
}

/**
 * The /maps window: sort buttons (ids sort-<key>), one row per map whose name queues it (ids queue-<number>),
 * a Remove button per row for admins (ids remove-<number>), paging (list-previous, list-next) and Close.
 */
export function MapListWindow(props: MapListProps): Markup {
  const columns: Column[] = [
    { header: '#', width: 8, halign: 'right', cell: (row) => `${row.number}.` },
    { header: props.labels.map, width: 60, cell: (row) => row.map.name },
    { header: props.labels.author, width: 30, cell: (row) => row.map.author },
    ...(props.showKarma ? [{ header: props.labels.karma, width: 14, halign: 'right' as const, cell: (row: MapRow) => (row.karma === undefined ? '-' : row.karma > 0 ? `+${row.karma}` : String(row.karma)) }] : []),
    ...(props.showRecords
      ? [
          { header: props.labels.record, width: 18, halign: 'right' as const, cell: (row: MapRow) => (row.record === undefined ? '-' : props.formatTime(row.record)) },
          { header: props.labels.yours, width: 18, halign: 'right' as const, cell: (row: MapRow) => (row.own === undefined ? '-' : props.formatTime(row.own)) },
        ]
      : []),
  ];
  const lefts: number[] = [];
  columns.reduce((left, column) => (lefts.push(left), left + column.width), PAD);
  const tableWidth = columns.reduce((sum, column) => sum + column.width, 0);
  const width = tableWidth + 2 * PAD + (props.onRemove ? 16 : 0);
  const height = 32 + Math.max(props.rows.length, 1) * ROW;
  const x = (index: number): number => (columns[index]!.halign === 'right' ? lefts[index]! + columns[index]!.width - 1 : lefts[index]!);
  const sorts = MAP_SORTS.filter((sort) => (sort === 'karma' ? props.showKarma : sort === 'own' ? props.showRecords : true));
  return (
    <frame id="maps-window" pos={[-width / 2, height / 2]} z-index={10}>
      <quad size={[width, height]} bgcolor="111d" z-index={-1} />
      <quad size={[width, 8]} bgcolor="3c6e" z-index={0} />
      <label pos={[PAD, -4]} valign="center" textsize={2} text={props.title} textcolor="fff" size={[width - 20, 6]} />
      <label id="list-close" pos={[width - PAD, -4]} halign="right" valign="center" textsize={2} text={props.labels.close} textcolor="fff" onAction={props.onClose} focusareacolor1="0000" focusareacolor2="fff3" />
      <label pos={[PAD, -12]} valign="center" textsize={1} textcolor="aaa" text={props.labels.sort} />
      {sorts.map((sort, index) => (
        <label id={`sort-${sort}`} pos={[PAD + 12 + index * 18, -12]} valign="center" textsize={1} textcolor={sort === props.sort ? 'fc3' : 'fff'} text={props.labels.sorts[sort]} onAction={props.onSort(sort)} focusareacolor1="0000" focusareacolor2="fff3" />
      ))}
      {columns.map((column, index) => (
        <label pos={[x(index), -19]} halign={column.halign ?? 'left'} valign="center" textsize={1} textcolor="aaa" text={column.header} size={[column.width - 1, ROW]} />
      ))}
      {props.rows.map((row, rowIndex) => (
        <frame pos={[0, -25 - rowIndex * ROW]}>
          {columns.map((column, index) =>
            index === 1 ? (
              <label id={`queue-${row.number}`} pos={[x(index), 0]} valign="center" textsize={1} textcolor="fff" text={column.cell(row)} size={[column.width - 1, ROW]} onAction={props.onQueue(row)} focusareacolor1="0000" focusareacolor2="fff3" />
            ) : (
              <label pos={[x(index), 0]} halign={column.halign ?? 'left'} valign="center" textsize={1} textcolor="fff" text={column.cell(row)} size={[column.width - 1, ROW]} />
            ),
          )}
          {props.onRemove && <label id={`remove-${row.number}`} pos={[width - PAD, 0]} halign="right" valign="center" textsize={1} textcolor="f66" text={props.labels.remove} onAction={props.onRemove(row)} focusareacolor1="0000" focusareacolor2="fff3" />}
        </frame>
      ))}
      {props.rows.length === 0 && <label pos={[PAD, -25]} valign="center" textsize={1} textcolor="aaa" text={props.labels.noMatch} />}
      <frame pos={[width / 2, -height + 5]}>
        {props.page > 0 && <label id="list-previous" pos={[-20, 0]} halign="center" valign="center" textsize={1} text={props.labels.previous} onAction={props.onPage(props.page - 1)} />}
        <label halign="center" valign="center" textsize={1} textcolor="aaa" text={props.labels.page} />
        {props.page + 1 < props.pages && <label id="list-next" pos={[20, 0]} halign="center" valign="center" textsize={1} text={props.labels.next} onAction={props.onPage(props.page + 1)} />}
      </frame>
    </frame>
  );
}

export interface ConfirmProps {
  question: string;
  /** The two buttons' words, in the reader's language. */
  yes: string;
  no: string;
  onYes: ActionSpec;
  onNo: ActionSpec;
}

/** A small centred question with Remove (id confirm-yes) and Cancel (id confirm-no). */
export function ConfirmRemoval(props: ConfirmProps): Markup {
  return (
    <frame pos={[-45, 12]} z-index={20}>
      <quad size={[90, 24]} bgcolor="222e" z-index={-1} />
      <label pos={[45, -7]} halign="center" valign="center" textsize={2} textcolor="fff" text={props.question} size={[84, 6]} />
      <label id="confirm-yes" pos={[28, -17]} halign="center" valign="center" textsize={2} textcolor="f66" text={props.yes} onAction={props.onYes} focusareacolor1="0000" focusareacolor2="fff3" />
      <label id="confirm-no" pos={[62, -17]} halign="center" valign="center" textsize={2} textcolor="fff" text={props.no} onAction={props.onNo} focusareacolor1="0000" focusareacolor2="fff3" />
    </frame>
  );
}
