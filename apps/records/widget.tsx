import type { AppUi, Disposable, Markup } from '../../core/index.js';
import type { MapRanking, RankedRecord } from './ranking.js';
import { ENGLISH_WIDGET_LABELS, OwnRecord, RecordsWidget, type WidgetLabels } from './ui.js';

/** A page is redrawn at most this often, however many finishes come in. */
export const PAINT_INTERVAL_MS = 1000;
/** Players whose own line is drawn in one go. */
export const PAINT_SLICE = 100;

export interface WidgetPainterParts {
  ui: AppUi;
  /** The logins connected now. */
  players(): Iterable<string>;
  /** How many top rows the widget shows (0: no widget). */
  rows(): number;
  /** Runs `fn` once after `ms` (the app's own timer, cancelled when it stops). */
  after(ms: number, fn: () => unknown): Disposable;
  now(): number;
  /**
   * The widget's words for a player, when their language is known and is not English (read synchronously:
   * the app resolves each player's language as they join, then calls relabel).
   */
  labels?(login: string): WidgetLabels | undefined;
}

/**
 * Draws the records widget from the in-memory ranking: the top rows as one page for everyone, and each
 * player's own line as a page of their own. A change only marks the widget as stale; the pages are drawn
 * at most once per PAINT_INTERVAL_MS, and only those whose content changed: a burst of finishes costs one
 * pass over the connected players per interval, not one per finish.
 */
export class RecordsWidgetPainter {
  private ranking?: MapRanking;
  private drawnTop?: string;
  /** What each player's own line shows now ('' for nothing), to redraw only the lines that changed. */
  private readonly drawnOwn = new Map<string, string>();
  private ownForEveryone = false;
  private pending = false;
  private lastPaint = Number.NEGATIVE_INFINITY;
  private painting: Promise<void> = Promise.resolve();

  constructor(private readonly parts: WidgetPainterParts) {}

  /** Shows the ranking of a new map (or none), drawn at the next paint. */
  use(ranking: MapRanking | undefined): void {
    this.ranking = ranking;
    this.changed();
  }

  /** Marks the widget as stale: painted at once when the last paint is a second old, else when it is. */
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.lastPaint + PAINT_INTERVAL_MS - this.parts.now());
    this.parts.after(wait, () => {
      this.pending = false;
      this.lastPaint = this.parts.now();
      // One paint at a time: a slow send never overlaps the next one.
      this.painting = this.painting.then(() => this.paint());
      return this.painting;
    });
  }

  /** A player's language became known: their words are drawn at the next paint. */
  relabel(): void {
    this.changed();
  }

  /** A player left: what their line showed no longer matters. */
  forget(login: string): void {
    this.drawnOwn.delete(login);
  }

  private async paint(): Promise<void> {
    const count = this.parts.rows();
    if (count === 0) return;
    const ranking = this.ranking;
    const top = ranking?.top(count) ?? [];
    // The words each connected player reads: in the usual case one language, so one page for everyone.
    const labelsOf = (login: string): WidgetLabels => this.parts.labels?.(login) ?? ENGLISH_WIDGET_LABELS;
    const wordings = new Map<string, WidgetLabels>();
    for (const login of this.parts.players()) {
      const labels = labelsOf(login);
      wordings.set(`${labels.title}\n${labels.empty}`, labels);
    }
    const topKey = [...top.map((entry) => `${entry.login}\n${entry.nickName}\n${entry.time}`), ...wordings.keys()].join('\n');
    const sends: Promise<void>[] = [];
    if (topKey !== this.drawnTop || !this.ownForEveryone) {
      this.drawnTop = topKey;
      if (wordings.size <= 1) {
        sends.push(this.parts.ui.show('widget', <RecordsWidget top={top} count={count} labels={[...wordings.values()][0] ?? ENGLISH_WIDGET_LABELS} />));
      } else {
        // Several languages: one markup per wording, each player's page built from theirs.
        const markups = new Map([...wordings].map(([key, labels]) => [key, <RecordsWidget top={top} count={count} labels={labels} />] as const));
        const markupFor = (labels: WidgetLabels): Markup => markups.get(`${labels.title}\n${labels.empty}`) ?? <RecordsWidget top={top} count={count} labels={labels} />;
        sends.push(this.parts.ui.show('widget', (login) => markupFor(labelsOf(login))));
      }
    }
    const own = (login: string): Markup | null => {
      const line = this.ownLine(login, count);
      this.drawnOwn.set(login, line?.key ?? '');
      return line ? <OwnRecord rank={line.rank} entry={line.entry} count={count} /> : null;
    };
    if (!this.ownForEveryone) {
      // Once for everyone, so that players who join later get their line drawn as they arrive.
      this.ownForEveryone = true;
      sends.push(this.parts.ui.show('widget-own', own));
    } else {
      const stale = [...this.parts.players()].filter((login) => this.drawnOwn.get(login) !== (this.ownLine(login, count)?.key ?? ''));
      await Promise.all(sends.splice(0));
      // In slices, each in a turn of its own: hundreds of lines at once would hold the loop for their whole send.
      for (let start = 0; start < stale.length; start += PAINT_SLICE) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        await this.parts.ui.show('widget-own', own, { to: stale.slice(start, start + PAINT_SLICE) });
      }
    }
    await Promise.all(sends);
  }

  /** The player's own line when they have a time below the top rows, and a key that changes with what it shows. */
  private ownLine(login: string, count: number): { key: string; rank: number; entry: RankedRecord } | undefined {
    const rank = this.ranking?.rankOf(login);
    if (rank === undefined || rank <= count) return undefined;
    const entry = this.ranking!.recordOf(login)!;
    return { key: `${rank}\n${entry.nickName}\n${entry.time}\n${count}`, rank, entry };
  }
}
