/**
 * The mode's scores for the map under way, kept from the finishes and the ends of rounds, in the shape of the
 * Trackmania.Scores script callback (maniaplanet/script-xmlrpc XmlRpcListing.md, "Trackmania.Scores").
 */
import { pointsRepartition, TEAM_NAMES, type SandboxModeKind } from './modes.js';

/** Where in the match a Scores callback is sent; "" when it answers Trackmania.GetScores. */
export type ScoresSection = '' | 'PreEndRound' | 'EndRound' | 'EndMap' | 'EndMatch';

export interface PlayerScore {
  login: string;
  accountid: string;
  /** Match points; round and map points beside them. */
  points: number;
  roundPoints: number;
  mapPoints: number;
  /** -1 until the player finishes. */
  bestRaceTime: number;
  bestRaceCheckpoints: number[];
  bestLapTime: number;
  bestLapCheckpoints: number[];
  /** The round under way: the player's finish time (-1 before one) and the order finishes came in. */
  roundTime: number;
  roundOrder: number;
  /** Knockout: the round the player was eliminated in (later is better); undefined while still in. */
  eliminatedAt?: number;
}

interface TeamTotals {
  roundPoints: number;
  mapPoints: number;
  matchPoints: number;
}

/** What one round's end did: the account ids a Knockout round eliminated. */
export interface RoundResult {
  eliminated: string[];
}

export class SandboxScores {
  private readonly byLogin = new Map<string, PlayerScore>();
  /** The mode being played: it decides what a round's end does and how players rank. */
  mode: SandboxModeKind = 'TimeAttack';
  private teams: TeamTotals[] = TEAM_NAMES.map(() => ({ roundPoints: 0, mapPoints: 0, matchPoints: 0 }));
  private rounds = 0;
  private finishes = 0;

  /** A player is on the scores table from their first appearance, without a time. */
  enter(login: string, accountid: string): PlayerScore {
    let score = this.byLogin.get(login);
    if (!score) {
      score = { login, accountid, points: 0, roundPoints: 0, mapPoints: 0, bestRaceTime: -1, bestRaceCheckpoints: [], bestLapTime: -1, bestLapCheckpoints: [], roundTime: -1, roundOrder: 0 };
      this.byLogin.set(login, score);
    }
    return score;
  }

  /** A finish keeps its time and checkpoints when it beats the player's best; its first of the round counts for the round. */
  finish(login: string, accountid: string, raceTime: number, checkpoints: number[]): void {
    const score = this.enter(login, accountid);
    if (score.bestRaceTime < 0 || raceTime < score.bestRaceTime) {
      score.bestRaceTime = raceTime;
      score.bestRaceCheckpoints = [...checkpoints];
      score.bestLapTime = raceTime;
      score.bestLapCheckpoints = [...checkpoints];
    }
    if (score.roundTime < 0 && score.eliminatedAt === undefined) {
      score.roundTime = raceTime;
      score.roundOrder = ++this.finishes;
    }
  }

  /** A new map starts with an empty table. */
  clear(): void {
    this.byLogin.clear();
    this.teams = TEAM_NAMES.map(() => ({ roundPoints: 0, mapPoints: 0, matchPoints: 0 }));
    this.rounds = 0;
  }

  /**
   * The round under way ends as the mode scores it: Rounds give each finisher the points of their position;
   * Cup caps them at the points limit (a finalist), and a finalist who wins a round goes past it (a winner);
   * Teams add their players' points and give the round's better team a match point; Knockout eliminates the
   * players who did not finish and the slowest finishers. `teamOf` gives a player's team id.
   */
  endRound(settings: Readonly<Record<string, unknown>>, teamOf: (login: string) => number): RoundResult {
    this.rounds += 1;
    const finishers = [...this.byLogin.values()].filter((score) => score.roundTime >= 0).sort((a, b) => a.roundTime - b.roundTime || a.roundOrder - b.roundOrder);
    const points = pointsRepartition(settings.S_PointsRepartition);
    const pointsAt = (index: number): number => points[Math.min(index, points.length - 1)]!;
    for (const score of this.byLogin.values()) score.roundPoints = 0;
    for (const team of this.teams) team.roundPoints = 0;
    const result: RoundResult = { eliminated: [] };
    if (this.mode === 'Rounds' || this.mode === 'Teams') {
      finishers.forEach((score, index) => {
        score.roundPoints = pointsAt(index);
        score.mapPoints += score.roundPoints;
        score.points += score.roundPoints;
        const team = this.teams[teamOf(score.login)];
        if (this.mode === 'Teams' && team) team.roundPoints += score.roundPoints;
      });
      if (this.mode === 'Teams') {
        const [blue, red] = this.teams as [TeamTotals, TeamTotals];
        const winner = blue.roundPoints > red.roundPoints ? blue : red.roundPoints > blue.roundPoints ? red : undefined;
        if (winner) (winner.matchPoints += 1), (winner.mapPoints += 1);
      }
    } else if (this.mode === 'Cup') {
      const limit = Number(settings.S_PointsLimit);
      const winners = Number(settings.S_NbOfWinners);
      const won = [...this.byLogin.values()].filter((score) => score.points > limit).length;
      finishers.forEach((score, index) => {
        if (score.points > limit) return;
        if (score.points === limit) {
          // A finalist wins by winning a round; the first winner ranks above the next ones.
          if (index === 0 && won < winners) score.points = limit + winners - won;
          return;
        }
        score.roundPoints = Math.min(pointsAt(index), limit - score.points);
        score.mapPoints += score.roundPoints;
        score.points += score.roundPoints;
      });
    } else if (this.mode === 'Knockout') {
      const still = [...this.byLogin.values()].filter((score) => score.eliminatedAt === undefined);
      const unfinished = still.filter((score) => score.roundTime < 0);
      const ranks = String(settings.S_EliminatedPlayersNbRanks ?? '').split(',').map(Number).filter(Number.isFinite);
      // Whoever did not finish is out; at least one player a round, one more for each of S_EliminatedPlayersNbRanks
      // the field is larger than; the last player in stays.
      const count = Math.min(still.length - 1, Math.max(unfinished.length, 1 + ranks.filter((rank) => still.length > rank).length));
      for (const score of [...unfinished, ...finishers.reverse()].slice(0, count)) {
        score.eliminatedAt = this.rounds;
        result.eliminated.push(score.accountid);
      }
    }
    return result;
  }

  /** A new round: nobody has finished it yet. */
  startRound(): void {
    for (const score of this.byLogin.values()) score.roundTime = -1;
  }

  /**
   * As the mode ranks: Time Attack, Laps and Royal by best time (players without one after, in the order they
   * came); Rounds, Cup and Teams by match points; Knockout the players still in by this round's finishes,
   * then the eliminated, the last out first.
   */
  ranked(): PlayerScore[] {
    const scores = [...this.byLogin.values()];
    if (this.mode === 'Rounds' || this.mode === 'Cup' || this.mode === 'Teams') return scores.sort((a, b) => b.points - a.points);
    if (this.mode === 'Knockout') {
      const finished = (score: PlayerScore): number => (score.roundTime < 0 ? Number.MAX_SAFE_INTEGER : score.roundTime);
      return scores.sort((a, b) => (b.eliminatedAt ?? Infinity) - (a.eliminatedAt ?? Infinity) || finished(a) - finished(b));
    }
    return scores.sort((a, b) => (a.bestRaceTime < 0 ? 1 : 0) - (b.bestRaceTime < 0 ? 1 : 0) || (a.bestRaceTime < 0 ? 0 : a.bestRaceTime - b.bestRaceTime));
  }

  /** The Trackmania.Scores data. `names` gives each login's nickname. */
  callbackData(section: ScoresSection, names: (login: string) => string, responseid?: string): Record<string, unknown> {
    const ranked = this.ranked();
    const timed = this.mode === 'TimeAttack' || this.mode === 'Laps' || this.mode === 'RoyalTimeAttack';
    const leader = ranked[0];
    const winner = leader && (timed ? leader.bestRaceTime >= 0 : this.mode === 'Knockout' ? ranked.filter((score) => score.eliminatedAt === undefined).length === 1 : leader.points > 0) ? leader.login : '';
    const useTeams = this.mode === 'Teams';
    const winnerTeam = useTeams && (section === 'EndMatch' || section === 'EndMap') ? this.teams.findIndex((team, id) => team.matchPoints > this.teams[1 - id]!.matchPoints) : -1;
    return {
      ...(responseid === undefined ? {} : { responseid }),
      section,
      useteams: useTeams,
      winnerteam: winnerTeam,
      winnerplayer: section === 'EndMatch' || section === 'EndMap' ? winner : '',
      teams: useTeams ? this.teams.map((team, id) => ({ id, name: TEAM_NAMES[id], roundpoints: team.roundPoints, mappoints: team.mapPoints, matchpoints: team.matchPoints })) : [],
      players: ranked.map((score, index) => ({
        login: score.login,
        accountid: score.accountid,
        name: names(score.login),
        rank: index + 1,
        roundpoints: score.roundPoints,
        mappoints: score.mapPoints,
        matchpoints: score.points,
        bestracetime: score.bestRaceTime,
        bestracerespawns: score.bestRaceTime < 0 ? -1 : 0,
        bestracecheckpoints: score.bestRaceCheckpoints,
        bestlaptime: score.bestLapTime,
        bestlaprespawns: score.bestLapTime < 0 ? -1 : 0,
        bestlapcheckpoints: score.bestLapCheckpoints,
        prevracetime: score.bestRaceTime,
        prevracerespawns: score.bestRaceTime < 0 ? -1 : 0,
        prevracecheckpoints: score.bestRaceCheckpoints,
        prevstuntsscore: 0,
        stuntsscore: 0,
      })),
    };
  }
}
