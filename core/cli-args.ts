import { parseArgs } from 'node:util';
import { PitwallError } from './errors.js';

export type CliOptions = Record<string, { type: 'string' | 'boolean' }>;

/** True when the arguments ask for help (`--help` or `-h` anywhere): the usage is printed instead. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * Reads the options and arguments of `pitwall <command>`; anything the command does not take throws
 * PW_ERR_CLI_ARGUMENT with our own wording. Node's strict mode would throw ERR_PARSE_ARGS_* whose texts
 * differ between Node versions and speak of its API, not of the command.
 */
export function parseCommandArgs<T extends CliOptions>(
  command: string,
  args: string[],
  options: T,
  { positionals: allowed = 0 }: { positionals?: number } = {},
): { values: { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean }; positionals: string[] } {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const refuse = (problem: string): never => {
    throw new PitwallError('PW_ERR_CLI_ARGUMENT', { command, problem });
  };
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (positionals.push(token.value) > allowed) refuse(`unexpected argument '${token.value}'`);
      continue;
    }
    const declared = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!declared) refuse(`unknown option '${token.rawName}'`);
    if (declared!.type === 'string' && token.value === undefined) refuse(`option '${token.rawName}' needs a value`);
    if (declared!.type === 'boolean' && token.value !== undefined) refuse(`option '${token.rawName}' takes no value`);
    values[token.name] = token.value ?? true;
  }
  return { values: values as { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean }, positionals };
}
