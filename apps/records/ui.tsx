import { showListWindow, type ActionHandler, type AppUi, type Markup } from '../../core/index.js';
import { messages } from './messages.js';
import { formatGap, formatTime, type RecordEntry } from './store.js';

/** What the widget and the window show of a record. */
export type ShownRecord = Pick<RecordEntry, 'login' | 'nickName' | 'time'>;

/** The widget's own words, in the reader's language. */
export interface WidgetLabels {
  title: string;
  empty: string;
  /** The words before the player's server rank beside their own row ("Server rank" 12). */
  serverRank: string;
}

/** The widget's words for a player whose language is English or not known yet. */
export const ENGLISH_WIDGET_LABELS: WidgetLabels = { title: messages.en['widget.title'], empty: messages.en['widget.empty'], serverRank: messages.en['widget.serverRank'] };

/** The /records window's words, in the reader's language. */
export interface WindowLabels {
  title: string;
  rank: string;
  player: string;
  time: string;
}

const ROW = 4;
/** Colours of a time against the player's own: red where the player is behind it, green where ahead. */
export const BEHIND = 'f66';
export const AHEAD = '6c6';
/** The band behind the player's own row. */
const OWN_BAND = 'fc33';

/** Opens a row's checkpoint times beside the player's own: each row is clickable through a band behind it. */
export type RowClick = (rank: number, login: string) => ActionHandler;

function row(rank: number, entry: ShownRecord, y: number, highlight: boolean, onClick?: RowClick): Markup {
  return (
    <frame pos={[2, y]}>
      {onClick && <quad id={`records-row-${rank}`} pos={[0, 2]} size={[44, ROW]} bgcolor="0000" bgcolorfocus="fff3" onAction={onClick(rank, entry.login)} />}
      <label pos={[5, 0]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'aaa'} text={`${rank}.`} />
      <label pos={[6, 0]} size={[24, ROW]} valign="center" textsize={1} text={entry.nickName} />
      <label pos={[44, 0]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'fff'} text={formatTime(entry.time)} />
    </frame>
  );
}

/**
 * The always-on widget at the right of the screen: the map's best times, the same for every player. Under the
 * top rows it leaves room for the rows around the player and their own line (pages of their own), unless it
 * is `shared` (a crowded server): then its `count` rows are all there is.
 */
export function RecordsWidget(props: { top: readonly ShownRecord[]; count: number; around?: number; shared?: boolean; onClick?: RowClick; labels?: WidgetLabels }): Markup {
  const { top, count, labels = ENGLISH_WIDGET_LABELS } = props;
  const height = 8 + (count + (props.shared ? 0 : 1) + (props.around ?? 0)) * ROW;
  return (
    <frame id="records-widget" pos={[112, 60]}>
      <quad size={[48, height]} bgcolor="0009" z-index={-1} />
      <label pos={[2, -3]} valign="center" textsize={1} textcolor="3c6" text={labels.title} />
      {top.length === 0 && <label pos={[2, -9]} valign="center" textsize={1} textcolor="aaa" text={labels.empty} />}
      {top.map((entry, index) => row(index + 1, entry, -9 - index * ROW, false, props.onClick))}
    </frame>
  );
}

/** The player's own rank and time under the top rows, when they are not among them. */
export function OwnRecord(props: { rank: number; entry: ShownRecord; count: number; before?: number }): Markup {
  const y = -9 - (props.count + (props.before ?? 0)) * ROW;
  return (
    <frame pos={[112, 60]}>
      <quad pos={[2, -7 - props.count * ROW]} size={[44, 0.3]} bgcolor="fff5" />
      {row(props.rank, props.entry, y, true)}
    </frame>
  );
}

/** A row of the widget as one player sees it: where it sits and how it compares with their own time. */
export interface NearRow {
  rank: number;
  entry: ShownRecord;
  /** Row index in the widget: 0 is the first top row. */
  slot: number;
  /** Drawn by this page (a row around the player), not by the shared top rows. */
  drawn: boolean;
  /** The row's time minus the player's own; undefined on the player's own row or without a time. */
  gap?: number;
}

/**
 * One player's part of the widget: the rows just before and after their own, a band behind their own row
 * when it is among the top rows, and beside each row a mark: how much faster (red) or slower (green) it is
 * than the player's own time.
 */
export function NearRecords(props: { rows: readonly NearRow[]; ownSlot?: number; onClick?: RowClick }): Markup {
  const y = (slot: number): number => -9 - slot * ROW;
  return (
    <frame pos={[112, 60]}>
      {props.ownSlot !== undefined && <quad pos={[2, y(props.ownSlot) + 2]} size={[44, ROW]} bgcolor={OWN_BAND} z-index={-1} />}
      {props.rows.map((near) => (
        <frame>
          {near.drawn && row(near.rank, near.entry, y(near.slot), false, props.onClick)}
          {near.gap !== undefined && (
            <label pos={[-1, y(near.slot)]} valign="center" halign="right" textsize={1} textcolor={near.gap < 0 ? BEHIND : AHEAD} text={formatGap(near.gap)} />
          )}
        </frame>
      ))}
    </frame>
  );
}

/**
 * The player's server rank beside their own row (a top row or the own line under them), small and grey, where
 * the other rows show their gap to the player's time: e.g. "Server rank 12".
 */
export function ServerRankMark(props: { slot: number; text: string }): Markup {
  return (
    <frame pos={[112, 60]}>
      <label pos={[-1, -9 - props.slot * ROW]} valign="center" halign="right" textsize={1} textcolor="aaa" text={props.text} />
    </frame>
  );
}

/**
 * A record's checkpoint times beside the player's own best, checkpoint by checkpoint: the player's time is
 * coloured green where it is ahead of the record's and red where it is behind (formatting codes in the
 * cell, as nicknames carry theirs).
 */
export function showCheckpointsWindow(ui: AppUi, login: string, other: { rank: number; entry: RecordEntry }, own: RecordEntry | undefined): Promise<void> {
  const theirs = other.entry.checkpoints;
  const mine = own?.checkpoints ?? [];
  const count = Math.max(theirs.length, mine.length);
  return showListWindow(ui, login, {
    id: 'checkpoints',
    title: `${other.rank}. ${other.entry.nickName}$z: checkpoints`,
    columns: [
      { header: 'CP', width: 10, halign: 'right' },
      { header: `#${other.rank}`, width: 22, halign: 'right' },
      { header: 'You', width: 22, halign: 'right' },
      { header: 'Gap', width: 18, halign: 'right' },
    ],
    rows: Array.from({ length: count }, (_, index) => {
      const their = theirs[index];
      const my = mine[index];
      const label = index === count - 1 ? 'Finish' : String(index + 1);
      if (their === undefined || my === undefined) return [label, their === undefined ? '-' : formatTime(their), my === undefined ? '-' : formatTime(my), '-'];
      const gap = my - their;
      const colour = gap < 0 ? `$${AHEAD}` : gap > 0 ? `$${BEHIND}` : '';
      return [label, formatTime(their), `${colour}${formatTime(my)}`, `${colour}${formatGap(gap)}`];
    }),
    pageSize: 10,
  });
}

/**
 * Shows (or updates) the widget: the top rows as one page for everyone (one call however many players),
 * each player's own line as a page of its own, sent only to players whose line changed; both in one batch.
 */
export async function showRecordsWidget(ui: AppUi, ranking: readonly ShownRecord[], count: number): Promise<void> {
  const rankOf = new Map(ranking.map((entry, index) => [entry.login, index] as const));
  const own = (login: string): Markup | null => {
    const index = rankOf.get(login);
    return index !== undefined && index >= count ? <OwnRecord rank={index + 1} entry={ranking[index]!} count={count} /> : null;
  };
  await Promise.all([ui.show('widget', <RecordsWidget top={ranking.slice(0, count)} count={count} />), ui.show('widget-own', own)]);
}

/** `/records` as a paged window: rank, player, time; the rows are read again at each page turn. */
export function showRecordsWindow(ui: AppUi, login: string, labels: WindowLabels, ranking: () => Promise<readonly ShownRecord[]>): Promise<void> {
  return showListWindow(ui, login, {
    id: 'list',
    title: labels.title,
    columns: [
      { header: labels.rank, width: 12, halign: 'right' },
      { header: labels.player, width: 60 },
      { header: labels.time, width: 24, halign: 'right' },
    ],
    rows: async () => (await ranking()).map((entry, index) => [`${index + 1}.`, entry.nickName, formatTime(entry.time)]),
    pageSize: 10,
  });
}
