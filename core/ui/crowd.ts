import type { Child } from './markup.js';

/** What a page shows per player (or per small-server layout), as `UiContent` is. */
type PerPlayer = Child | ((login: string) => Child);

/**
 * A page drawn two ways: `perPlayer` while the server is not crowded, and `shared`, one page for everyone
 * (`null`: nothing), while it is (see CrowdState: past UI_CROWD_PLAYERS players, until the count is back down
 * to its lower mark). The UI switches every player's page when that changes, without the app drawing again.
 */
export interface CrowdContent {
  readonly perPlayer: PerPlayer;
  readonly shared: Child;
}

/** Whether a page's content is drawn two ways (markup, text and lists never have both fields). */
export function isCrowdContent(content: unknown): content is CrowdContent {
  return typeof content === 'object' && content !== null && !Array.isArray(content) && 'perPlayer' in content && 'shared' in content;
}

/**
 * The count at or under which a crowded server stops being crowded: `limit` less a tenth of it (rounded down),
 * and at least 2 less (never under 0); 40 -> 36, 100 -> 90, 10 -> 8, 3 -> 1. Switching at the setting both ways
 * would redraw every two-way page for every player at each join and leave of a server hovering there (one
 * player leaving and coming back, two joining at once); the margin grows with the server as its comings and
 * goings do. Staying shared a little longer is cheap (shared is the cheaper way), so a wide margin costs only
 * the players' own rows for a while.
 */
function lowerMarkOf(limit: number): number {
  return Math.max(0, limit - Math.max(2, Math.floor(limit / 10)));
}

/**
 * Whether the server is crowded: it becomes so past `limit` connected players and stays so until the count
 * is back down to `lowerMark`. Told each join and leave; says when the answer changed, which is when every
 * two-way page is drawn again.
 */
export class CrowdState {
  private crowdedNow = false;
  /** At or under this many players a crowded server is not crowded any more (undefined: never crowded). */
  readonly lowerMark: number | undefined;

  constructor(private readonly limit: number | undefined) {
    this.lowerMark = limit === undefined ? undefined : lowerMarkOf(limit);
  }

  get crowded(): boolean {
    return this.crowdedNow;
  }

  /** The connected players now; true when the server just became crowded or just stopped being. */
  count(players: number): boolean {
    if (this.limit === undefined || this.lowerMark === undefined) return false;
    const crowded = this.crowdedNow ? players > this.lowerMark : players > this.limit;
    if (crowded === this.crowdedNow) return false;
    this.crowdedNow = crowded;
    return true;
  }
}
