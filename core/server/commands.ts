import { PitwallError } from '../errors.js';
import { toDisposable, type Disposable } from '../disposables.js';

/** One use of a chat command, e.g. `/kick someone` typed by `login`. */
export interface CommandCall {
  login: string;
  name: string;
  args: string[];
  /** Everything after the command name, as typed. */
  text: string;
  /** Answers the player who typed the command (only they see it). */
  reply(message: string): Promise<void>;
}

export type CommandHandler = (call: CommandCall) => unknown;

export interface CommandOptions {
  /** Only logins listed in ADMINS may run it. */
  admin?: boolean;
  /** One line shown by /help. */
  description?: string;
}

export interface RegisteredCommand {
  name: string;
  owner: string;
  admin: boolean;
  description: string;
  handler: CommandHandler;
}

export type DispatchResult = 'ran' | 'denied' | 'unknown' | 'not-a-command';

const COMMAND_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/** Whether `name` is a valid command name (1-32 lower-case letters, digits, - or _, starting with a letter). */
export function isCommandName(name: string): boolean {
  return COMMAND_NAME.test(name);
}

/** The chat commands apps registered, with admin permission checks. */
export class CommandRegistry {
  private readonly commands = new Map<string, RegisteredCommand>();

  /** The one admin check, shared with ManiaLink actions. */
  constructor(readonly isAdmin: (login: string) => boolean) {}

  register(owner: string, name: string, handler: CommandHandler, options: CommandOptions = {}): Disposable {
    if (!isCommandName(name)) throw new PitwallError('PW_ERR_COMMAND_NAME', { id: owner, name });
    const taken = this.commands.get(name);
    if (taken) throw new PitwallError('PW_ERR_COMMAND_TAKEN', { name, owner: taken.owner, id: owner });
    const command: RegisteredCommand = {
      name,
      owner,
      admin: options.admin ?? false,
      description: options.description ?? '',
      handler,
    };
    this.commands.set(name, command);
    return toDisposable(() => {
      if (this.commands.get(name) === command) this.commands.delete(name);
    });
  }

  list(): RegisteredCommand[] {
    return [...this.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Whether `login` may run the command `name` (it exists and is not admin-only, or login is an admin). */
  dispatchAllowed(login: string, name: string): boolean {
    const command = this.commands.get(name);
    return command !== undefined && (!command.admin || this.isAdmin(login));
  }

  /** Runs the command in a chat line typed by `login`, if it is one. */
  dispatch(login: string, line: string, reply: (message: string) => Promise<void>): DispatchResult {
    const parsed = parseCommandLine(line);
    if (!parsed) return 'not-a-command';
    const command = this.commands.get(parsed.name);
    if (!command) return 'unknown';
    if (command.admin && !this.isAdmin(login)) return 'denied';
    command.handler({ login, name: parsed.name, args: parsed.args, text: parsed.text, reply });
    return 'ran';
  }
}

/** `/kick  bob  now` -> { name: 'kick', args: ['bob', 'now'], text: 'bob  now' }. */
export function parseCommandLine(line: string): { name: string; args: string[]; text: string } | undefined {
  const match = /^\/([^\s/]+)\s*(.*)$/s.exec(line.trim());
  if (!match) return undefined;
  const text = match[2] ?? '';
  return { name: match[1]!.toLowerCase(), args: text.split(/\s+/).filter(Boolean), text };
}
