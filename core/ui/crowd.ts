import type { Child } from './markup.js';

/** What a page shows per player (or per small-server layout), as `UiContent` is. */
type PerPlayer = Child | ((login: string) => Child);

/**
 * A page drawn two ways: `perPlayer` while the server has at most UI_CROWD_PLAYERS players connected, and
 * `shared`, one page for everyone (`null`: nothing), once it has more. The UI switches every player's page
 * as the count crosses the setting, in both directions, without the app drawing again.
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
 * Whether the server is crowded: past `limit` connected players. Told each join and leave; says when the
 * answer changed, which is when every two-way page is drawn again.
 */
export class CrowdState {
  private crowdedNow = false;

  constructor(private readonly limit: number | undefined) {}

  get crowded(): boolean {
    return this.crowdedNow;
  }

  /** The connected players now; true when the server just became crowded or just stopped being. */
  count(players: number): boolean {
    const crowded = this.limit !== undefined && players > this.limit;
    if (crowded === this.crowdedNow) return false;
    this.crowdedNow = crowded;
    return true;
  }
}
