/** What the records burst bench tells its sandbox thread. */
export type BurstSandboxMessage =
  | { join: string[] }
  | { burst: { finishes: { login: string; time: number }[]; windowMs: number; pingEveryMs: number; tailMs: number } }
  | { awaitPage: { login: string; id: string } }
  | { stop: true };

export const BYSTANDER = 'watcher';
