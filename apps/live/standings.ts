import type { PlayerScore, Scores } from '../../core/index.js';

/** What a player's row says beyond the points: a Cup finalist or winner, a player knocked out. */
export type StandingState = 'finalist' | 'winner' | 'out';

/** One row of the live ranking. */
export interface Standing {
  login: string;
  nickName: string;
  /** Time Attack and Laps: the player's best race this map. */
  time?: number;
  /** Points modes: the match points, and what this round added. */
  points?: number;
  roundPoints?: number;
  state?: StandingState;
}

/** A team's row in Teams: its match points and what this round added. */
export interface TeamStanding {
  id: number;
  name: string;
  points: number;
  roundPoints: number;
}

/**
 * How a mode ranks: by best race time (Time Attack; Laps, whose race time comes only at the end of the
 * race), by the points of the mode's scores (Rounds, Cup, Teams), by who is still in (Knockout), or not at
 * all (Royal Time Attack, whose finishes end sections of the map, not runs).
 */
export type RankingKind = 'time' | 'points' | 'knockout' | 'none';

export function rankingKind(modeScript: string): RankingKind {
  if (/RoyalTimeAttack/i.test(modeScript)) return 'none';
  if (/Knockout/i.test(modeScript)) return 'knockout';
  if (/Rounds|Cup|Teams/i.test(modeScript)) return 'points';
  return 'time';
}

/**
 * The current map's ranking as it happens. By time: each player's best this map (seeded from the mode's
 * scores, then kept from each finish). By points: the ranks and points of the last scores, with Cup's
 * finalists (match points at the points limit) and winners (past it). Knockout: the players still in, in
 * the mode's order, then those eliminated, the last out first.
 */
export class LiveStandings {
  private readonly best = new Map<string, Standing>();
  private players: readonly PlayerScore[] = [];
  private teamRows: TeamStanding[] = [];
  /** Knockout: account ids out of the match, in the order they went out. */
  private readonly out: string[] = [];

  /** A new map: times and scores start again (a Knockout's eliminations last the match). */
  clear(): void {
    this.best.clear();
    this.players = [];
    this.teamRows = [];
  }

  /** A new match: everybody is in again. */
  clearMatch(): void {
    this.out.length = 0;
  }

  /** A whole run: kept when it is the player's best this map; true when the ranking changed. */
  finished(login: string, nickName: string, time: number): boolean {
    const kept = this.best.get(login);
    if (kept?.time !== undefined && kept.time <= time) return false;
    this.best.set(login, { login, nickName, time });
    return true;
  }

  /** The mode's scores: by time its best race times, otherwise the whole ranking; true when the ranking changed. */
  scored(scores: Scores, kind: RankingKind): boolean {
    if (kind === 'none') return false;
    if (kind !== 'time') {
      this.players = [...scores.players].sort((a, b) => a.rank - b.rank);
      this.teamRows = scores.useTeams ? scores.teams.map((team) => ({ id: team.id, name: team.name, points: team.matchPoints, roundPoints: team.roundPoints })) : [];
      return true;
    }
    let changed = false;
    for (const player of scores.players) {
      if (player.bestRaceTime !== undefined) changed = this.finished(player.login, player.name, player.bestRaceTime) || changed;
    }
    return changed;
  }

  /** Knockout: these players are out; true when one was still in. */
  eliminated(accountIds: readonly string[]): boolean {
    const added = accountIds.filter((id) => !this.out.includes(id));
    this.out.push(...added);
    return added.length > 0;
  }

  /**
   * The first `count` rows: by time (ties in the order the players first finished), or the mode's ranks.
   * `pointsLimit` is Cup's S_PointsLimit, undefined in the other modes (or when the server did not say it).
   */
  top(count: number, kind: RankingKind, pointsLimit?: number): Standing[] {
    if (kind === 'none') return [];
    if (kind === 'time') return [...this.best.values()].sort((a, b) => a.time! - b.time!).slice(0, count);
    if (kind === 'knockout') {
      const outAt = (player: PlayerScore): number => (player.accountId === '' ? -1 : this.out.indexOf(player.accountId));
      const still = this.players.filter((player) => outAt(player) < 0);
      const gone = this.players.filter((player) => outAt(player) >= 0).sort((a, b) => outAt(b) - outAt(a));
      return [
        ...still.map((player) => ({ login: player.login, nickName: player.name })),
        ...gone.map((player): Standing => ({ login: player.login, nickName: player.name, state: 'out' })),
      ].slice(0, count);
    }
    return this.players.slice(0, count).map((player) => {
      const row: Standing = { login: player.login, nickName: player.name, points: player.matchPoints, roundPoints: player.roundPoints };
      if (pointsLimit !== undefined && pointsLimit > 0 && player.matchPoints >= pointsLimit) row.state = player.matchPoints > pointsLimit ? 'winner' : 'finalist';
      return row;
    });
  }

  /** Teams: each team's match points, best first. */
  teams(): TeamStanding[] {
    return [...this.teamRows].sort((a, b) => b.points - a.points);
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
