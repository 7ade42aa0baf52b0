import { showListWindow, type AppUi, type Markup } from '../../core/index.js';
import { formatTime, type RecordEntry } from './store.js';

const ROW = 4;

/**
 * The always-on widget at the right of the screen: the map's top `count` times and, when the player is not
 * among them, their own rank and time under a separator.
 */
export function RecordsWidget(props: { top: readonly RecordEntry[]; own?: { rank: number; entry: RecordEntry } }): Markup {
  const { top, own } = props;
  const lines = top.length + (own ? 1 : 0);
  const height = 8 + Math.max(lines, 1) * ROW;
  const row = (rank: number, entry: RecordEntry, y: number, highlight: boolean): Markup => (
    <frame pos={[2, y]}>
      <label pos={[0, 0]} size={[5, ROW]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'aaa'} text={`${rank}.`} />
      <label pos={[6, 0]} size={[24, ROW]} valign="center" textsize={1} textcolor="fff" text={entry.nickName} />
      <label pos={[44, 0]} size={[13, ROW]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'fff'} text={formatTime(entry.time)} />
    </frame>
  );
  return (
    <frame id="records-widget" pos={[112, 60]}>
      <quad size={[48, height]} bgcolor="0009" z-index={-1} />
      <label pos={[2, -3]} valign="center" textsize={1} textcolor="3c6" text="Records" />
      {top.length === 0 && <label pos={[2, -9]} valign="center" textsize={1} textcolor="aaa" text="No time yet: go!" />}
      {top.map((entry, index) => row(index + 1, entry, -9 - index * ROW, false))}
      {own && <quad pos={[2, -7 - top.length * ROW]} size={[44, 0.3]} bgcolor="fff5" />}
      {own && row(own.rank, own.entry, -9 - top.length * ROW, true)}
    </frame>
  );
}

/** Shows (or updates) the widget for every player: one render per player, sent only where it changed. */
export function showRecordsWidget(ui: AppUi, ranking: readonly RecordEntry[], count: number, to?: string): Promise<void> {
  const top = ranking.slice(0, count);
  const rankOf = new Map(ranking.map((entry, index) => [entry.login, index] as const));
  const widget = (login: string): Markup => {
    const index = rankOf.get(login);
    const own = index !== undefined && index >= count ? { rank: index + 1, entry: ranking[index]! } : undefined;
    return <RecordsWidget top={top} own={own} />;
  };
  return ui.show('widget', widget, to === undefined ? undefined : { to });
}

/** `/records` as a paged window: rank, player, time; the rows are read again at each page turn. */
export function showRecordsWindow(ui: AppUi, login: string, mapName: string, ranking: () => readonly RecordEntry[]): Promise<void> {
  return showListWindow(ui, login, {
    id: 'list',
    title: `Records on ${mapName}`,
    columns: [
      { header: 'Rank', width: 12, halign: 'right' },
      { header: 'Player', width: 60 },
      { header: 'Time', width: 24, halign: 'right' },
    ],
    rows: () => ranking().map((entry, index) => [`${index + 1}.`, entry.nickName, formatTime(entry.time)]),
    pageSize: 10,
  });
}
