import { SandboxActivity } from './activity.js';
import { SandboxServer } from './server.js';

export interface StandaloneOptions {
  port: number;
  user: string;
  password: string;
  /** How long a map change takes; a real server takes seconds. */
  mapChangeMs: number;
  activity: { enabled: boolean; intervalMs: number; maxPlayers: number };
}

/**
 * `pitwall sandbox`: the sandbox server on its own, for trying apps or another controller against it.
 * Runs until SIGINT/SIGTERM.
 */
export async function runStandaloneSandbox(options: StandaloneOptions): Promise<number> {
  const log = (line: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} [sandbox] ${line}\n`);
  const server = new SandboxServer({ host: '127.0.0.1', port: options.port, user: options.user, password: options.password, mapChangeMs: options.mapChangeMs, log });
  try {
    await server.start();
  } catch (error) {
    process.stderr.write(`Cannot listen on 127.0.0.1:${options.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Fix: choose another --port (0 picks a free one).\n`);
    return 1;
  }
  log(`log in as ${options.user}; Ctrl+C stops it`);
  const activity = new SandboxActivity(server, options.activity);
  if (options.activity.enabled) activity.start();
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  activity.stop();
  await server.stop();
  log('stopped');
  return 0;
}
