import { showListWindow, type AppUi, type Markup } from '../../core/index.js';
import { formatTime, type RecordEntry } from './store.js';

const ROW = 4;

function row(rank: number, entry: RecordEntry, y: number, highlight: boolean): Markup {
  return (
    <frame pos={[2, y]}>
      <label pos={[5, 0]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'aaa'} text={`${rank}.`} />
      <label pos={[6, 0]} size={[24, ROW]} valign="center" textsize={1} text={entry.nickName} />
      <label pos={[44, 0]} valign="center" halign="right" textsize={1} textcolor={highlight ? 'fc3' : 'fff'} text={formatTime(entry.time)} />
    </frame>
  );
}

/** The map's best times, the same for every player: rendered once per update and shared. */
export function TopRecords(props: { top: readonly RecordEntry[] }): Markup {
  const { top } = props;
  if (top.length === 0) return <label pos={[2, -9]} valign="center" textsize={1} textcolor="aaa" text="No time yet: go!" />;
  return <frame>{top.map((entry, index) => row(index + 1, entry, -9 - index * ROW, false))}</frame>;
}

/**
 * The always-on widget at the right of the screen: the map's top times and, when the player is not among
 * them, their own rank and time under a separator.
 */
export function RecordsWidget(props: { rows: Markup; shown: number; own?: { rank: number; entry: RecordEntry } }): Markup {
  const { rows, shown, own } = props;
  const height = 8 + Math.max(shown + (own ? 1 : 0), 1) * ROW;
  return (
    <frame id="records-widget" pos={[112, 60]}>
      <quad size={[48, height]} bgcolor="0009" z-index={-1} />
      <label pos={[2, -3]} valign="center" textsize={1} textcolor="3c6" text="Records" />
      {rows}
      {own && <quad pos={[2, -7 - shown * ROW]} size={[44, 0.3]} bgcolor="fff5" />}
      {own && row(own.rank, own.entry, -9 - shown * ROW, true)}
    </frame>
  );
}

/** Shows (or updates) the widget for every player: one render per player, sent only where it changed. */
export function showRecordsWidget(ui: AppUi, ranking: readonly RecordEntry[], count: number, to?: string): Promise<void> {
  const top = ranking.slice(0, count);
  const rows = <TopRecords top={top} />;
  const rankOf = new Map(ranking.map((entry, index) => [entry.login, index] as const));
  const widget = (login: string): Markup => {
    const index = rankOf.get(login);
    const own = index !== undefined && index >= count ? { rank: index + 1, entry: ranking[index]! } : undefined;
    return <RecordsWidget rows={rows} shown={top.length} own={own} />;
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
