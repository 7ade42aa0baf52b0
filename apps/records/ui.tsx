import { showListWindow, type AppUi, type Markup } from '../../core/index.js';
import { messages } from './messages.js';
import { formatTime, type RecordEntry } from './store.js';

/** What the widget and the window show of a record. */
export type ShownRecord = Pick<RecordEntry, 'login' | 'nickName' | 'time'>;

/** The widget's own words, in the reader's language. */
export interface WidgetLabels {
  title: string;
  empty: string;
}

/** The widget's words for a player whose language is English or not known yet. */
export const ENGLISH_WIDGET_LABELS: WidgetLabels = { title: messages.en['widget.title'], empty: messages.en['widget.empty'] };

/** The /records window's words, in the reader's language. */
export interface WindowLabels {
  title: string;
  rank: string;
  player: string;
  time: string;
}

const ROW = 4;

function row(rank: number, entry: ShownRecord, y: number, highlight: boolean): Markup {
  return (
    <frame pos={[2, y]}>
      <label pos={[5, 0]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'aaa'} text={`${rank}.`} />
      <label pos={[6, 0]} size={[24, ROW]} valign="center" textsize={1} text={entry.nickName} />
      <label pos={[44, 0]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'fff'} text={formatTime(entry.time)} />
    </frame>
  );
}

/** The always-on widget at the right of the screen: the map's best times, the same for every player. */
export function RecordsWidget(props: { top: readonly ShownRecord[]; count: number; labels?: WidgetLabels }): Markup {
  const { top, count, labels = ENGLISH_WIDGET_LABELS } = props;
  // Room for the top rows and, under them, the player's own line (a page of its own).
  const height = 8 + (count + 1) * ROW;
  return (
    <frame id="records-widget" pos={[112, 60]}>
      <quad size={[48, height]} bgcolor="0009" z-index={-1} />
      <label pos={[2, -3]} valign="center" textsize={1} textcolor="3c6" text={labels.title} />
      {top.length === 0 && <label pos={[2, -9]} valign="center" textsize={1} textcolor="aaa" text={labels.empty} />}
      {top.map((entry, index) => row(index + 1, entry, -9 - index * ROW, false))}
    </frame>
  );
}

/** The player's own rank and time under the top rows, when they are not among them. */
export function OwnRecord(props: { rank: number; entry: ShownRecord; count: number }): Markup {
  const y = -9 - props.count * ROW;
  return (
    <frame pos={[112, 60]}>
      <quad pos={[2, y + 2]} size={[44, 0.3]} bgcolor="fff5" />
      {row(props.rank, props.entry, y, true)}
    </frame>
  );
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
