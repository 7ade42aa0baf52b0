/** What the race HUD bench tells its sandbox process. */
export type UiSandboxMessage =
  | { join: string[] }
  | { leave: string[] }
  /** The player's whole run: each checkpoint `gapMs` apart, then the finish line (a finish always ends a run). */
  | { finish: { login: string; time: number; gapMs: number } }
  /** `rounds` times, every player crosses their next checkpoint (or the finish, at `finishTimes`), spread over `roundMs`. */
  | { race: { logins: string[]; rounds: number; roundMs: number; finishTimes: Record<string, number> } }
  | { stop: true };
