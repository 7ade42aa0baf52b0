import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../core/cli.js', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the combined output contains `text`; rejects after `ms` or if the process exits first. */
  waitForOutput(text: string | RegExp, ms?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `pitwall <args>` in a child process with extra environment variables. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): CliProcess {
  return runProcess(process.execPath, [CLI, ...args], env, undefined, input);
}

/** Runs any command (npm, a service's exact command line) with extra environment variables. */
export function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string, input?: string): CliProcess {
  const child = spawn(command, args, {
    // No dashboard unless a test turns it on (PITWALL_DASHBOARD__ENABLED=true), and then on any free port:
    // parallel runs must not fight over 8360, and a run's files and log lines stay as they were without it.
    env: { ...process.env, DO_NOT_TRACK: '1', PITWALL_DASHBOARD__ENABLED: 'false', PITWALL_DASHBOARD__PORT: '0', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  if (input !== undefined) child.stdin!.end(input);
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    });
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  timeout.unref();
  void exited.then(() => clearTimeout(timeout));
  return {
    child,
    output: () => output,
    exited,
    waitForOutput(text, ms = 20_000) {
      const found = (): boolean => (typeof text === 'string' ? output.includes(text) : text.test(output));
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (found()) done(resolve);
          else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`process exited before printing ${String(text)}:\n${output}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${String(text)} within ${ms} ms:\n${output}`))), ms);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** The controller's pid, from its start line. */
export async function controllerPid(cli: CliProcess): Promise<number> {
  await cli.waitForOutput(/pid \d+\); press Ctrl\+C to stop/, 40_000);
  return Number(/pid (\d+)\); press Ctrl\+C/.exec(cli.output())![1]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Exited in order: the bundled apps stopped in reverse, then the last line; no stack trace. */
export function assertStoppedInOrder(output: string, reason: string): void {
  assert.match(output, new RegExp(`${reason}, stopping`));
  const records = output.indexOf("App 'records' stopped");
  const welcome = output.indexOf("App 'welcome' stopped");
  assert.ok(records > 0 && welcome > records && output.indexOf('Pitwall stopped') > welcome, output);
  assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
}
