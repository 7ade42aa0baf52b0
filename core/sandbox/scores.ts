/**
 * The mode's scores for the map under way, kept from the finishes, in the shape of the Trackmania.Scores
 * script callback (maniaplanet/script-xmlrpc XmlRpcListing.md, "Trackmania.Scores").
 */

/** Where in the match a Scores callback is sent; "" when it answers Trackmania.GetScores. */
export type ScoresSection = '' | 'PreEndRound' | 'EndRound' | 'EndMap' | 'EndMatch';

export interface PlayerScore {
  login: string;
  accountid: string;
  points: number;
  /** -1 until the player finishes. */
  bestRaceTime: number;
  bestRaceCheckpoints: number[];
  bestLapTime: number;
  bestLapCheckpoints: number[];
}

export class SandboxScores {
  private readonly byLogin = new Map<string, PlayerScore>();

  /** A player is on the scores table from their first appearance, without a time. */
  enter(login: string, accountid: string): PlayerScore {
    let score = this.byLogin.get(login);
    if (!score) {
      score = { login, accountid, points: 0, bestRaceTime: -1, bestRaceCheckpoints: [], bestLapTime: -1, bestLapCheckpoints: [] };
      this.byLogin.set(login, score);
    }
    return score;
  }

  /** A finish keeps its time and checkpoints when it beats the player's best (time attack). */
  finish(login: string, accountid: string, raceTime: number, checkpoints: number[]): void {
    const score = this.enter(login, accountid);
    if (score.bestRaceTime < 0 || raceTime < score.bestRaceTime) {
      score.bestRaceTime = raceTime;
      score.bestRaceCheckpoints = [...checkpoints];
      score.bestLapTime = raceTime;
      score.bestLapCheckpoints = [...checkpoints];
    }
  }

  /** A new map starts with an empty table. */
  clear(): void {
    this.byLogin.clear();
  }

  /** Best time first; players without a time after, in the order they came. */
  ranked(): PlayerScore[] {
    return [...this.byLogin.values()].sort((a, b) => (a.bestRaceTime < 0 ? 1 : 0) - (b.bestRaceTime < 0 ? 1 : 0) || (a.bestRaceTime < 0 ? 0 : a.bestRaceTime - b.bestRaceTime));
  }

  /** The Trackmania.Scores data. `names` gives each login's nickname. */
  callbackData(section: ScoresSection, names: (login: string) => string, responseid?: string): Record<string, unknown> {
    const ranked = this.ranked();
    const winner = ranked[0] && ranked[0].bestRaceTime >= 0 ? ranked[0].login : '';
    return {
      ...(responseid === undefined ? {} : { responseid }),
      section,
      useteams: false,
      winnerteam: -1,
      winnerplayer: section === 'EndMatch' || section === 'EndMap' ? winner : '',
      teams: [],
      players: ranked.map((score, index) => ({
        login: score.login,
        accountid: score.accountid,
        name: names(score.login),
        rank: index + 1,
        roundpoints: 0,
        mappoints: score.points,
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
