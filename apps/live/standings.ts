import type { Scores } from '../../core/index.js';

/** One row of the live ranking. */
export interface Standing {
  login: string;
  nickName: string;
  /** Time Attack: the player's best this map. */
  time?: number;
  /** Points modes: the match points, and what this round added. */
  points?: number;
  roundPoints?: number;
}

/** Modes ranked by points from Trackmania.Scores rather than by best time. */
const POINTS_MODES = /Rounds|Cup|Laps|Knockout|Teams/i;

export function isPointsMode(modeScript: string): boolean {
  return POINTS_MODES.test(modeScript);
}

/**
 * The current map's ranking as it happens. In Time Attack each player's best time this map (seeded from the
 * mode's scores, then kept from each finish); in the points modes the ranks and points of the last scores.
 */
export class LiveStandings {
  private readonly best = new Map<string, Standing>();
  private byPoints: Standing[] = [];

  clear(): void {
    this.best.clear();
    this.byPoints = [];
  }

  /** A whole run: kept when it is the player's best this map; true when the ranking changed. */
  finished(login: string, nickName: string, time: number): boolean {
    const kept = this.best.get(login);
    if (kept?.time !== undefined && kept.time <= time) return false;
    this.best.set(login, { login, nickName, time });
    return true;
  }

  /** The mode's scores: in Time Attack its best times, in the points modes the whole ranking. */
  scored(scores: Scores, pointsMode: boolean): boolean {
    if (pointsMode) {
      this.byPoints = [...scores.players]
        .sort((a, b) => a.rank - b.rank)
        .map((player) => ({ login: player.login, nickName: player.name, points: player.matchPoints, roundPoints: player.roundPoints }));
      return true;
    }
    let changed = false;
    for (const player of scores.players) {
      if (player.bestRaceTime !== undefined) changed = this.finished(player.login, player.name, player.bestRaceTime) || changed;
    }
    return changed;
  }

  /** The first `count` rows: by time (ties in the order the players first finished), or the mode's ranks. */
  top(count: number, pointsMode: boolean): Standing[] {
    if (pointsMode) return this.byPoints.slice(0, count);
    return [...this.best.values()].sort((a, b) => a.time! - b.time!).slice(0, count);
  }
}

/** The fastest time at each checkpoint of the map this session, and who drove it. */
export class BestCheckpoints {
  private readonly best: { time: number; login: string; nickName: string }[] = [];

  clear(): void {
    this.best.length = 0;
  }

  /** A crossing at checkpoint `index` (0 for the first): true when it is the fastest there. */
  crossed(index: number, time: number, login: string, nickName: string): boolean {
    if (index < 0) return false;
    const kept = this.best[index];
    if (kept && kept.time <= time) return false;
    this.best[index] = { time, login, nickName };
    return true;
  }

  /** By checkpoint, from the first; a checkpoint nobody crossed yet is undefined. */
  all(): readonly ({ time: number; login: string; nickName: string } | undefined)[] {
    return Array.from({ length: this.best.length }, (_, index) => this.best[index]);
  }
}
