import { CoalescedDraw, REDRAW_INTERVAL_MS, type AppUi, type Disposable, type Markup } from '../../core/index.js';
import type { MapRanking, RankedRecord } from './ranking.js';
import { ENGLISH_WIDGET_LABELS, NearRecords, OwnRecord, RecordsWidget, ServerRankMark, type NearRow, type RowClick, type WidgetLabels } from './ui.js';

/** A page is redrawn at most this often, however many finishes come in. */
export const PAINT_INTERVAL_MS = REDRAW_INTERVAL_MS;
/** Players whose own line is drawn in one go. */
export const PAINT_SLICE = 100;

export interface WidgetPainterParts {
  ui: AppUi;
  /** The logins connected now. */
  players(): Iterable<string>;
  /** How many top rows the widget shows (0: no widget). */
  rows(): number;
  /** How many rows just before and just after the player's own it shows, below the top rows. */
  around?(): { before: number; after: number };
  /** What clicking a row does (nothing without it). */
  onClick?: RowClick;
  /** Runs `fn` once after `ms` (the app's own timer, cancelled when it stops). */
  after(ms: number, fn: () => unknown): Disposable;
  now(): number;
  /**
   * The widget's words for a player, when their language is known and is not English (read synchronously:
   * the app resolves each player's language as they join, then calls relabel).
   */
  labels?(login: string): WidgetLabels | undefined;
  /**
   * The player's server rank (their place, 1 the best), or undefined when they have none: shown beside their
   * own row on a page of its own (none without it). Read at each paint: call changed() when ranks move.
   */
  serverRank?(login: string): number | undefined;
}

/**
 * Draws the records widget from the in-memory ranking: the top rows as one page for everyone, and each
 * player's own line as a page of their own. A change only marks the widget as stale; the pages are drawn
 * at most once per PAINT_INTERVAL_MS, and only those whose content changed: a burst of finishes costs one
 * pass over the connected players per interval, not one per finish. On a crowded server (past
 * UI_CROWD_PLAYERS) the per-player pages are empty and the top page, one for everyone, fills their room with
 * the next rows of the ranking: a redraw is one page whatever the number of players.
 */
export class RecordsWidgetPainter {
  private ranking?: MapRanking;
  private drawnTop?: string;
  /** What each player's own line shows now ('' for nothing), to redraw only the lines that changed. */
  private readonly drawnOwn = new Map<string, string>();
  /** The same for each player's rows around their own and marks. */
  private readonly drawnNear = new Map<string, string>();
  /** The same for each player's server rank beside their own row. */
  private readonly drawnRank = new Map<string, string>();
  private ownForEveryone = false;
  private readonly draw: CoalescedDraw;

  constructor(private readonly parts: WidgetPainterParts) {
    this.draw = new CoalescedDraw(() => this.paint(), { after: parts.after, now: parts.now, intervalMs: PAINT_INTERVAL_MS });
  }

  /** Each player's marks and rows around their own: a painter given no `around` draws the top rows and own line only. */
  private get withNear(): boolean {
    return this.parts.around !== undefined;
  }

  /** Shows the ranking of a new map (or none), drawn at the next paint. */
  use(ranking: MapRanking | undefined): void {
    this.ranking = ranking;
    this.changed();
  }

  /** Marks the widget as stale: painted at once when the last paint is a second old, else when it is. */
  changed(): void {
    this.draw.changed();
  }

  /** Resolves once the paint due now, or the one running, is over. */
  whenPainted(): Promise<void> {
    return this.draw.whenDrawn();
  }

  /** A player's language became known: their words are drawn at the next paint. */
  relabel(): void {
    this.changed();
  }

  /** A player left: what their line showed no longer matters. */
  forget(login: string): void {
    this.drawnOwn.delete(login);
    this.drawnNear.delete(login);
    this.drawnRank.delete(login);
  }

  private async paint(): Promise<void> {
    const count = this.parts.rows();
    if (count === 0) return;
    const ranking = this.ranking;
    const top = ranking?.top(count) ?? [];
    const around = this.parts.around?.() ?? { before: 0, after: 0 };
    // The words each connected player reads: in the usual case one language, so one page for everyone.
    const labelsOf = (login: string): WidgetLabels => this.parts.labels?.(login) ?? ENGLISH_WIDGET_LABELS;
    const wordings = new Map<string, { labels: WidgetLabels; readers: number }>();
    for (const login of this.parts.players()) {
      const labels = labelsOf(login);
      const key = `${labels.title}\n${labels.empty}`;
      const known = wordings.get(key);
      if (known) known.readers++;
      else wordings.set(key, { labels, readers: 1 });
    }
    // Shared, the widget has no own line or rows around it: the next rows of the ranking fill their room.
    const sharedRows = count + 1 + around.before + around.after;
    const sharedTop = ranking?.top(sharedRows) ?? [];
    const topKey = [`${around.before + around.after}`, ...sharedTop.map((entry) => `${entry.login}\n${entry.nickName}\n${entry.time}`), ...wordings.keys()].join('\n');
    const sends: Promise<void>[] = [];
    if (topKey !== this.drawnTop || !this.ownForEveryone) {
      this.drawnTop = topKey;
      const draw = (labels: WidgetLabels): Markup => <RecordsWidget top={top} count={count} around={around.before + around.after} onClick={this.parts.onClick} labels={labels} />;
      // One page for everyone, in the words most of them read.
      const most = [...wordings.values()].reduce<{ labels: WidgetLabels; readers: number } | undefined>((best, wording) => (best && best.readers >= wording.readers ? best : wording), undefined);
      const shared = <RecordsWidget top={sharedTop} count={sharedRows} shared onClick={this.parts.onClick} labels={most?.labels ?? ENGLISH_WIDGET_LABELS} />;
      if (wordings.size <= 1) {
        sends.push(this.parts.ui.show('widget', { perPlayer: draw(most?.labels ?? ENGLISH_WIDGET_LABELS), shared }));
      } else {
        // Several languages: one markup per wording, each player's page built from theirs.
        const markups = new Map([...wordings].map(([key, { labels }]) => [key, draw(labels)] as const));
        const perPlayer = (login: string): Markup => {
          const labels = labelsOf(login);
          return markups.get(`${labels.title}\n${labels.empty}`) ?? draw(labels);
        };
        sends.push(this.parts.ui.show('widget', { perPlayer, shared }));
      }
    }
    const own = (login: string): Markup | null => {
      const line = this.ownLine(login, count, around.before);
      this.drawnOwn.set(login, line?.key ?? '');
      return line ? <OwnRecord rank={line.rank} entry={line.entry} count={count} before={line.before} /> : null;
    };
    const near = (login: string): Markup | null => {
      const view = this.nearView(login, top, around);
      this.drawnNear.set(login, view?.key ?? '');
      return view ? <NearRecords rows={view.rows} ownSlot={view.ownSlot} onClick={this.parts.onClick} /> : null;
    };
    const rank = (login: string): Markup | null => {
      const mark = this.rankMark(login, count, around.before, labelsOf(login));
      this.drawnRank.set(login, mark?.key ?? '');
      return mark ? <ServerRankMark slot={mark.slot} text={mark.text} /> : null;
    };
    if (!this.ownForEveryone) {
      // Once for everyone, so that players who join later get their lines drawn as they arrive; on a crowded
      // server the UI draws them empty, and again per player when it is no longer crowded.
      this.ownForEveryone = true;
      sends.push(this.parts.ui.show('widget-own', { perPlayer: own, shared: null }));
      if (this.withNear) sends.push(this.parts.ui.show('widget-near', { perPlayer: near, shared: null }));
      if (this.parts.serverRank) sends.push(this.parts.ui.show('widget-rank', { perPlayer: rank, shared: null }));
    } else if (!this.parts.ui.crowded) {
      // The top page goes out first: working out each player's lines takes a while with hundreds of them.
      await Promise.all(sends.splice(0));
      const players = [...this.parts.players()];
      const staleOwn = players.filter((login) => this.drawnOwn.get(login) !== (this.ownLine(login, count, around.before)?.key ?? ''));
      const staleNear = !this.withNear ? [] : players.filter((login) => this.drawnNear.get(login) !== (this.nearView(login, top, around)?.key ?? ''));
      const staleRank = !this.parts.serverRank
        ? []
        : players.filter((login) => this.drawnRank.get(login) !== (this.rankMark(login, count, around.before, labelsOf(login))?.key ?? ''));
      // In slices, each in a turn of its own: hundreds of lines at once would hold the loop for their whole send.
      for (const [id, stale, content] of [['widget-own', staleOwn, own], ['widget-near', staleNear, near], ['widget-rank', staleRank, rank]] as const) {
        for (let start = 0; start < stale.length; start += PAINT_SLICE) {
          if (start > 0) await new Promise((resolve) => setImmediate(resolve));
          // Drawn two ways too: the server may become crowded while the slices go out.
          await this.parts.ui.show(id, { perPlayer: content, shared: null }, { to: stale.slice(start, start + PAINT_SLICE) });
        }
      }
    }
    await Promise.all(sends);
  }

  /** The player's own line when they have a time below the top rows, and a key that changes with what it shows. */
  private ownLine(login: string, count: number, before: number): { key: string; rank: number; entry: RankedRecord; before: number } | undefined {
    const rank = this.ranking?.rankOf(login);
    if (rank === undefined || rank <= count) return undefined;
    const entry = this.ranking!.recordOf(login)!;
    // The rows before it that are not top rows push it down.
    const shownBefore = Math.min(before, rank - 1 - count);
    return { key: `${rank}\n${entry.nickName}\n${entry.time}\n${count}\n${shownBefore}`, rank, entry, before: shownBefore };
  }

  /**
   * The player's server rank beside their own row, when they have a time here and a server rank, and a key
   * that changes with what it shows.
   */
  private rankMark(login: string, count: number, before: number, labels: WidgetLabels): { key: string; slot: number; text: string } | undefined {
    const rank = this.ranking?.rankOf(login);
    if (rank === undefined) return undefined;
    const place = this.parts.serverRank?.(login);
    if (place === undefined) return undefined;
    // A top row's own slot, else the own line's: under the top rows and the rows shown before it.
    const slot = rank <= count ? rank - 1 : count + Math.min(before, rank - 1 - count);
    const text = `${labels.serverRank} ${place}`;
    return { key: `${slot}\n${text}`, slot, text };
  }

  /**
   * What the player's own part of the widget shows: the rows around their own below the top rows, and a mark
   * beside each row with its gap to the player's time; undefined for a player without a time here.
   */
  private nearView(login: string, top: readonly RankedRecord[], around: { before: number; after: number }): { key: string; rows: NearRow[]; ownSlot?: number } | undefined {
    const ranking = this.ranking;
    const rank = ranking?.rankOf(login);
    if (ranking === undefined || rank === undefined) return undefined;
    const own = ranking.recordOf(login)!;
    const rows: NearRow[] = [];
    const mark = (entry: RankedRecord): number | undefined => (entry.login === login ? undefined : entry.time - own.time);
    top.forEach((entry, index) => rows.push({ rank: index + 1, entry, slot: index, drawn: false, gap: mark(entry) }));
    if (rank > top.length) {
      const first = Math.max(top.length + 1, rank - around.before);
      const last = Math.min(ranking.size, rank + around.after);
      ranking.slice(first - 1, last - first + 1).forEach((entry, index) => {
        const at = first + index;
        // The player's own row is the own line's page; this one marks only the others.
        if (at !== rank) rows.push({ rank: at, entry, slot: top.length + index, drawn: true, gap: mark(entry) });
      });
    }
    const ownSlot = rank <= top.length ? rank - 1 : undefined;
    const key = `${ownSlot ?? ''}\n${rows.map((row) => `${row.rank}\n${row.slot}\n${row.drawn}\n${row.entry.nickName}\n${row.entry.time}\n${row.gap ?? ''}`).join('\n')}`;
    return { key, rows, ownSlot };
  }
}
