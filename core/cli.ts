#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadOwnerSettings, main } from './main.js';
import { runStandaloneSandbox } from './sandbox/standalone.js';

const USAGE = `Usage: pitwall <command>

Commands:
  start                    run the controller (default)
  sandbox [--port N]       run only the sandbox dedicated server (default port: DEDICATED.port;
          [--quiet]        0 picks a free one; --quiet turns off the simulated players)
  help                     show this help
`;

/** Dispatches `pitwall <command>`; returns the exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
      return main();
    case 'sandbox':
      return sandbox(argv.slice(1));
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

async function sandbox(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, quiet: { type: 'boolean' } }, strict: true });
  const settings = await loadOwnerSettings();
  const port = values.port === undefined ? settings.DEDICATED.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got '${values.port}'.\n`);
    return 2;
  }
  return runStandaloneSandbox({
    port,
    user: settings.DEDICATED.user,
    password: settings.DEDICATED.password,
    activity: { ...settings.SANDBOX_ACTIVITY, enabled: settings.SANDBOX_ACTIVITY.enabled && !values.quiet },
  });
}

process.exitCode = await cli(process.argv.slice(2));
