/** What the race HUD bench tells its sandbox process. */
export type UiSandboxMessage =
  | { join: string[] }
  | { leave: string[] }
  | { finish: { login: string; time: number } }
  /** `rounds` times, every player crosses their next checkpoint (or the finish, at `finishTimes`), spread over `roundMs`. */
  | { race: { logins: string[]; rounds: number; roundMs: number; finishTimes: Record<string, number> } }
  | { stop: true };
