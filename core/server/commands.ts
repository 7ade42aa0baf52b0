import { PitwallError } from '../errors.js';
import { isCommandName } from '../ids.js';
import { toDisposable, type Disposable } from '../disposables.js';
import { echo, expectedForm, listWords, paramListProblem, paramsByName, paramSpecsProblem, paramsUsage, parseParams, splitWords, type ParamDeclaration, type ParamsCheck, type ParamSpecs, type ParamValues } from './command-params.js';
import type { PlayerInfo } from './event-map.js';
import { commandPrefix, reaches, type AccessLevel, type PermissionCheck } from './levels.js';

/** One use of a chat command, e.g. `//kick someone` typed by `login`. */
export interface CommandCall {
  login: string;
  name: string;
  /** The words after the command name (after the sub-command's name, for a sub-command). */
  args: string[];
  /** Everything after the command name, as typed. */
  text: string;
  /** Answers the player who typed the command (only they see it). */
  reply(message: string): Promise<void>;
}

export type CommandHandler = (call: CommandCall) => unknown;

/** Options of the plain form `ctx.command(name, handler, options)`. */
export interface CommandOptions {
  /** Shorthand for `level: 'admin'`. */
  admin?: boolean;
  /** The level a player needs (default 'player'); above 'player' the command is typed `//name`. */
  level?: AccessLevel;
  /** One line shown by /help. */
  description?: string;
  /** Other names that run the same command. */
  aliases?: readonly string[];
}

/** A call of a command declared with parameters: `params` holds the typed values. */
export interface TypedCommandCall<P extends ParamDeclaration = ParamSpecs> extends CommandCall {
  params: ParamValues<P>;
  /** The command's usage line for this player, e.g. `//kick <player> [reason...]` (only sub-commands they may run). */
  usage: string;
}

export type TypedCommandHandler<P extends ParamDeclaration = ParamSpecs> = (call: TypedCommandCall<P>) => unknown;

/** A sub-command's declaration: `//admin add <login> <group>` is sub-command `add` of `admin`. */
export interface SubcommandSpec<P extends ParamDeclaration = ParamDeclaration> {
  /**
   * By name, `{ count: { type: 'integer' } }`, or as a list in typed order,
   * `[{ name: 'player', type: 'player' }, { name: 'reason', type: 'rest', optional: true }]`; a wrong order fails
   * to compile (see ParamsCheck).
   */
  params?: P & ParamsCheck<P>;
  /** Defaults to the parent command's level; may only be higher. */
  level?: AccessLevel;
  description?: string;
  aliases?: readonly string[];
}

/** A sub-command with its handler, made by `subcommand(spec, handler)` so the handler is typed by its params. */
export interface Subcommand {
  readonly spec: SubcommandSpec;
  readonly handler: TypedCommandHandler<any>;
}

/** Declares a sub-command; the handler's `call.params` type follows from `spec.params`. */
export function subcommand<const P extends ParamDeclaration = {}>(spec: SubcommandSpec<P>, handler: TypedCommandHandler<P>): Subcommand {
  return { spec: spec as unknown as SubcommandSpec, handler: handler as TypedCommandHandler<any> };
}

/** A command declared as data: name, level, parameters, aliases, sub-commands. */
export interface CommandSpec<P extends ParamDeclaration = ParamDeclaration> extends SubcommandSpec<P> {
  name: string;
  /**
   * When given, a first word that names one runs it; otherwise the command's own handler (if any) runs, with
   * the command's own `params`: `/laps [player]` beside `//laps reset <login>`.
   */
  subcommands?: Readonly<Record<string, Subcommand>>;
}

export interface RegisteredCommand {
  name: string;
  owner: string;
  /** Whether it needs more than the player level (kept for callers that only know admin or not). */
  admin: boolean;
  level: AccessLevel;
  description: string;
  aliases: readonly string[];
  /** `//kick <player> [reason...]`; for plain commands just `/name`. */
  usage: string;
  handler: CommandHandler;
}

export type DispatchResult = 'ran' | 'denied' | 'unknown' | 'invalid' | 'not-a-command';

/** What became of a chat line, and the one-line answer the player gets when it did not run. */
export interface DispatchOutcome {
  result: DispatchResult;
  answer?: string;
}


interface Node {
  level: AccessLevel;
  description: string;
  /** Undefined for plain commands, which get the words as `args`. */
  params?: ParamSpecs;
  handler?: (call: TypedCommandCall) => unknown;
  subcommands?: Map<string, Sub>;
}

interface Sub extends Node {
  name: string;
  aliases: readonly string[];
}

interface Entry {
  public: RegisteredCommand;
  node: Node;
}

/** The chat commands apps registered: names and aliases, levels, parameters, and the one permission check. */
export class CommandRegistry {
  private readonly commands = new Map<string, Entry>();
  /** Every name and alias -> the command's own name. */
  private readonly names = new Map<string, string>();
  /** Where `player` parameters look players up: the facade's connected players. */
  private players: ReadonlyMap<string, PlayerInfo> = new Map();

  /**
   * `check` is the one permission check (core/access's AccessControl.can at runtime). A check that ignores
   * the level, `(login) => admins.has(login)`, makes those logins pass every level.
   */
  constructor(private readonly check: PermissionCheck) {}

  /** Whether `login` reaches `level`: the same check commands use, for UI actions and settings edits. */
  readonly allows = (login: string, level: AccessLevel): boolean => level === 'player' || this.check(login, level);

  /** Whether `login` may use admin commands and actions. */
  readonly isAdmin = (login: string): boolean => this.allows(login, 'admin');

  /** The connected players that `player` parameters are matched against. */
  usePlayers(players: ReadonlyMap<string, PlayerInfo>): void {
    this.players = players;
  }

  /** Registers a plain command (`args: string[]`) or a declared one (typed `params`, sub-commands). */
  register(owner: string, name: string, handler: CommandHandler, options?: CommandOptions): Disposable;
  register<const P extends ParamDeclaration = {}>(owner: string, spec: CommandSpec<P>, handler?: TypedCommandHandler<P>): Disposable;
  register(owner: string, nameOrSpec: string | CommandSpec, handler?: CommandHandler | TypedCommandHandler, options: CommandOptions = {}): Disposable {
    const spec: CommandSpec = typeof nameOrSpec === 'string' ? { name: nameOrSpec, level: options.level ?? (options.admin ? 'admin' : 'player'), description: options.description, aliases: options.aliases } : nameOrSpec;
    const typed = typeof nameOrSpec !== 'string';
    const name = spec.name;
    const aliases = spec.aliases ?? [];
    for (const each of [name, ...aliases]) {
      if (!isCommandName(each)) throw new PitwallError('PW_ERR_COMMAND_NAME', { id: owner, name: each });
      const taken = this.names.get(each);
      if (taken !== undefined) throw new PitwallError('PW_ERR_COMMAND_TAKEN', { name: each, owner: this.commands.get(taken)!.public.owner, id: owner });
    }
    const node = typed ? this.declaredNode(owner, spec, handler as TypedCommandHandler | undefined) : plainNode(spec, handler as CommandHandler);
    const level = node.level;
    const registered: RegisteredCommand = {
      name,
      owner,
      admin: level !== 'player',
      level,
      description: node.description,
      aliases,
      usage: usageOf(`${commandPrefix(level)}${name}`, node),
      // Runs the command as if `call.login` typed it, parameters checked, a wrong input answered.
      handler: (call) => {
        const { answer } = this.dispatchLine(call.login, `${commandPrefix(level)}${name} ${call.text}`, call.reply);
        if (answer) return call.reply(answer);
      },
    };
    const entry: Entry = { public: registered, node };
    this.commands.set(name, entry);
    for (const each of [name, ...aliases]) this.names.set(each, name);
    return toDisposable(() => {
      if (this.commands.get(name) !== entry) return;
      this.commands.delete(name);
      for (const each of [name, ...aliases]) this.names.delete(each);
    });
  }

  private declaredNode(owner: string, spec: CommandSpec, handler: TypedCommandHandler | undefined): Node {
    const level = spec.level ?? 'player';
    const fail = (problem: string): never => {
      throw new PitwallError('PW_ERR_COMMAND_SPEC', { id: owner, name: spec.name, problem });
    };
    // The compiler checks TypeScript declarations; these checks stay for JavaScript apps and computed specs.
    const params = readParams(spec.params, fail, '');
    if (!spec.subcommands) {
      if (!handler) fail('it has neither a handler nor sub-commands');
      return { level, description: spec.description ?? '', params, handler };
    }
    if (Object.keys(params).length > 0 && !handler) fail('it has parameters of its own but no handler to run with them');
    const subcommands = new Map<string, Sub>();
    for (const [subName, sub] of Object.entries(spec.subcommands)) {
      const subLevel = sub.spec.level ?? level;
      if (!reaches(subLevel, level)) fail(`sub-command '${subName}' needs level '${subLevel}', below the command's own '${level}'`);
      const subParams = readParams(sub.spec.params, fail, `sub-command '${subName}': `);
      const node: Sub = { name: subName, aliases: sub.spec.aliases ?? [], level: subLevel, description: sub.spec.description ?? '', params: subParams, handler: sub.handler };
      for (const each of [subName, ...node.aliases]) {
        if (!isCommandName(each)) fail(`sub-command name '${each}' is not 1-32 lower-case letters, digits, - or _`);
        if (subcommands.has(each)) fail(`sub-command name '${each}' is used twice`);
        subcommands.set(each, node);
      }
    }
    if (subcommands.size === 0) fail('its sub-commands list is empty');
    return { level, description: spec.description ?? '', params, handler, subcommands };
  }

  list(): RegisteredCommand[] {
    return [...this.commands.values()].map((entry) => entry.public).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The commands `login` may use, by name: those whose level they reach and that have something they may run. */
  allowedFor(login: string): RegisteredCommand[] {
    return this.list().filter((command) => this.reachable(login, this.entryFor(command.name)!));
  }

  /** The command a name or alias stands for. */
  find(name: string): RegisteredCommand | undefined {
    const own = this.names.get(name);
    return own === undefined ? undefined : this.commands.get(own)?.public;
  }

  /** Whether `login` may run the command `name` (it exists and they reach its level). */
  dispatchAllowed(login: string, name: string): boolean {
    const command = this.find(name);
    return command !== undefined && this.allows(login, command.level);
  }

  /** Runs the command in a chat line typed by `login`, if it is one. */
  dispatch(login: string, line: string, reply: (message: string) => Promise<void>): DispatchResult {
    return this.dispatchLine(login, line, reply).result;
  }

  /**
   * Runs the command in a chat line, or says in one line why not: unknown, not allowed, or wrong input (what
   * is wrong, what is expected, and the usage). Nothing runs unless the whole line is valid.
   */
  dispatchLine(login: string, line: string, reply: (message: string) => Promise<void>): DispatchOutcome {
    return this.execute(login, line, reply).outcome;
  }

  /**
   * The same as dispatchLine, resolving once the command's handler has finished (its answers sent), for a
   * caller that shows the whole answer at once (the dashboard's console). A failing handler resolves too: its
   * error went to the app's fault boundary.
   */
  async runLine(login: string, line: string, reply: (message: string) => Promise<void>): Promise<DispatchOutcome> {
    const { outcome, running } = this.execute(login, line, reply);
    await running;
    return outcome;
  }

  private execute(login: string, line: string, reply: (message: string) => Promise<void>): { outcome: DispatchOutcome; running?: unknown } {
    const parsed = parseCommandLine(line);
    if (!parsed) return { outcome: { result: 'not-a-command' } };
    const entry = this.entryFor(parsed.name);
    if (!entry) {
      // Only a well-formed name is echoed back: never a whole line, never formatting codes or links.
      const shown = isCommandName(parsed.name) ? ` ${parsed.prefix}${parsed.name}` : '';
      return { outcome: { result: 'unknown', answer: `Unknown command${shown}. Type /help for the list.` } };
    }
    const { node, public: command } = entry;
    const full = `${commandPrefix(command.level)}${command.name}`;
    if (!this.reachable(login, entry)) return { outcome: { result: 'denied', answer: `You are not allowed to use ${full}.` } };
    if (!node.params) {
      const running = node.handler!({ login, name: command.name, args: parsed.args, text: parsed.text, reply, params: {}, usage: command.usage });
      return { outcome: { result: 'ran' }, running };
    }
    let words = splitWords(parsed.text);
    let target: Node = node;
    const commandUsage = this.usageFor(login, entry);
    let usage = commandUsage;
    let name = command.name;
    if (node.subcommands) {
      const choices = this.subcommandsFor(login, node).map((sub) => sub.name);
      const first = words[0];
      const sub = first && node.subcommands.get(first.word.toLowerCase());
      const ownParams = Object.keys(node.params).length > 0;
      if (!first && !node.handler) return { outcome: { result: 'invalid', answer: `Missing <sub-command>: expected ${listWords(choices)}. Usage: ${commandUsage}` } };
      if (first && !sub && !ownParams) return { outcome: { result: 'invalid', answer: `Unknown sub-command '${echo(first.word)}' of ${full}: expected ${listWords(choices)}. Usage: ${commandUsage}` } };
      if (sub) {
        const subFull = `${commandPrefix(sub.level)}${command.name} ${sub.name}`;
        if (!this.allows(login, sub.level)) return { outcome: { result: 'denied', answer: `You are not allowed to use ${subFull}.` } };
        target = sub;
        name = `${command.name} ${sub.name}`;
        usage = usageOf(subFull, sub);
        words = words.slice(1);
      }
    }
    const outcome = parseParams(target.params ?? {}, words, this.players);
    if (!outcome.ok) return { outcome: { result: 'invalid', answer: `${outcome.problem} Usage: ${usage}` } };
    const text = words[0]?.rest ?? '';
    const running = target.handler!({ login, name, args: words.map((word) => word.word), text, reply, params: outcome.values as TypedCommandCall['params'], usage });
    return { outcome: { result: 'ran' }, running };
  }

  /**
   * /help's answer: the commands `login` may use, or one command's usage, parameters and sub-commands.
   * `name` may be typed with or without its slashes.
   */
  help(login: string, name?: string): string {
    if (name === undefined) {
      const lines = this.allowedFor(login).map((command) => `${commandPrefix(command.level)}${command.name}${command.description ? ` - ${command.description}` : ''}`);
      return `Commands: ${lines.join(' | ')}. Type /help <command> for its usage.`;
    }
    const bare = name.replace(/^\/{1,2}/, '').toLowerCase();
    const entry = this.entryFor(bare);
    if (!entry || !this.reachable(login, entry)) {
      const shown = isCommandName(bare) ? ` /${bare}` : '';
      return `Unknown command${shown}. Type /help for the list.`;
    }
    const { node, public: command } = entry;
    const full = `${commandPrefix(command.level)}${command.name}`;
    const parts: string[] = [];
    if (node.subcommands) {
      const own = Object.keys(node.params ?? {}).length > 0 ? [usageOf(full, { ...node, subcommands: undefined })] : [];
      const subs = this.subcommandsFor(login, node).map((sub) => usageOf(`${commandPrefix(sub.level)}${command.name} ${sub.name}`, sub) + (sub.description ? ` (${sub.description})` : ''));
      parts.push(`Usage: ${[...own, ...subs].join(' | ')}`);
    } else {
      parts.push(`Usage: ${command.usage}`);
    }
    if (command.description) parts.push(command.description);
    const params = Object.entries(node.params ?? {}).map(([param, spec]) => `<${param}> ${spec.description ?? expectedForm(spec)}`);
    if (params.length > 0) parts.push(params.join('; '));
    if (command.aliases.length > 0) parts.push(`also ${command.aliases.map((alias) => `${commandPrefix(command.level)}${alias}`).join(', ')}`);
    return parts.join(' - ');
  }

  /** The sub-commands `login` may run, each once (aliases folded), in declaration order. */
  private subcommandsFor(login: string, node: Node): Sub[] {
    return [...new Set(node.subcommands!.values())].filter((sub) => this.allows(login, sub.level));
  }

  /** Whether `login` reaches the command's level and may run something of it: its own handler or a sub-command. */
  private reachable(login: string, entry: Entry): boolean {
    const { node } = entry;
    if (!this.allows(login, node.level)) return false;
    return !node.subcommands || node.handler !== undefined || this.subcommandsFor(login, node).length > 0;
  }

  /** The usage line `login` is shown: the command's own parameters, then only the sub-commands they may run. */
  private usageFor(login: string, entry: Entry): string {
    const { node, public: command } = entry;
    if (!node.subcommands) return command.usage;
    return usageOf(`${commandPrefix(command.level)}${command.name}`, node, this.subcommandsFor(login, node), command.name);
  }

  private entryFor(name: string): Entry | undefined {
    const own = this.names.get(name);
    return own === undefined ? undefined : this.commands.get(own);
  }
}

function plainNode(spec: CommandSpec, handler: CommandHandler): Node {
  return { level: spec.level ?? 'player', description: spec.description ?? '', handler: handler as (call: TypedCommandCall) => unknown };
}

/** A declaration's parameters by name, or the problem that stops it being registered. */
function readParams(declaration: ParamDeclaration | undefined, fail: (problem: string) => never, where: string): ParamSpecs {
  if (declaration === undefined) return {};
  const problem = paramListProblem(declaration) ?? paramSpecsProblem(paramsByName(declaration));
  if (problem) fail(`${where}${problem}`);
  return paramsByName(declaration);
}

/**
 * `//kick <who> [why...]`, `//map <skip|remove>`, `/laps [player] | //laps <reset>`, or just `/ping` for a plain
 * command. `subs` are the sub-commands shown (default: all); `name` the bare command name, for their prefix.
 */
function usageOf(full: string, node: Node, subs?: readonly Sub[], name?: string): string {
  const params = node.params ? paramsUsage(node.params) : '';
  const own = params ? `${full} ${params}` : full;
  if (!node.subcommands) return own;
  const shown = subs ?? [...new Set(node.subcommands.values())];
  if (shown.length === 0) return own;
  const names = shown.map((sub) => sub.name).join('|');
  if (!params) return `${full} <${names}>`;
  // The sub-commands' prefix is that of the lowest level among them.
  const lowest = shown.reduce((low, sub) => (reaches(low, sub.level) ? sub.level : low), shown[0]!.level);
  const bare = name ?? full.replace(/^\/{1,2}/, '');
  return `${own} | ${commandPrefix(lowest)}${bare} <${names}>`;
}

/**
 * `/kick  bob  now` -> { prefix: '/', name: 'kick', args: ['bob', 'now'], text: 'bob  now' }. `//kick` is the
 * same command typed with the admin prefix: both prefixes reach every command, the level decides who may.
 */
export function parseCommandLine(line: string): { prefix: '/' | '//'; name: string; args: string[]; text: string } | undefined {
  const match = /^(\/\/?)([^\s/]+)\s*(.*)$/s.exec(line.trim());
  if (!match) return undefined;
  const text = match[3] ?? '';
  return { prefix: match[1] as '/' | '//', name: match[2]!.toLowerCase(), args: text.split(/\s+/).filter(Boolean), text };
}
