export type VoteKind = 'skip' | 'restart';

export type VoteOutcome = 'open' | 'passed' | 'failed';

/**
 * One vote to skip or restart the map. It passes once the yes votes reach `ratio` of the players who may
 * vote, and fails as soon as the remaining voters cannot get it there.
 */
export class MapVote {
  private readonly ballots = new Map<string, boolean>();

  constructor(
    readonly kind: VoteKind,
    readonly startedBy: string,
    private readonly ratio: number,
  ) {
    this.ballots.set(startedBy, true);
  }

  cast(login: string, yes: boolean): void {
    this.ballots.set(login, yes);
  }

  get yes(): number {
    return [...this.ballots.values()].filter(Boolean).length;
  }

  /** Counts only the ballots of players still on the server, out of `voters` of them. */
  outcome(voters: ReadonlySet<string>): VoteOutcome {
    const total = Math.max(voters.size, 1);
    const yes = [...this.ballots].filter(([login, ballot]) => ballot && voters.has(login)).length;
    const no = [...this.ballots].filter(([login, ballot]) => !ballot && voters.has(login)).length;
    if (yes / total >= this.ratio) return 'passed';
    if ((total - no) / total < this.ratio) return 'failed';
    return 'open';
  }

  /** Yes votes needed out of `voters` to pass. */
  needed(voters: number): number {
    return Math.max(1, Math.ceil(Math.max(voters, 1) * this.ratio));
  }
}
