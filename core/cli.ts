#!/usr/bin/env node
import 'reflect-metadata';
import { main } from './main.js';

const USAGE = `Usage: pitwall <command>

Commands:
  start        run the controller (default)
  help         show this help
`;

/** Dispatches `pitwall <command>`; returns the exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [command = 'start'] = argv;
  switch (command) {
    case 'start':
      return main();
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

process.exitCode = await cli(process.argv.slice(2));
