import { isParamName } from '../ids.js';
import type { PlayerInfo } from './event-map.js';
import { stripFormatting } from './formatting.js';

interface Common {
  /** May be left out; then the handler gets `default`, or undefined. */
  optional?: boolean;
  /** Shown by /help after the parameter. */
  description?: string;
}

/**
 * One declared parameter of a chat command. The value a handler receives follows from `type`:
 * string/rest/enum -> string, integer/number/time -> number (a time in milliseconds), boolean -> boolean,
 * player -> the connected PlayerInfo.
 */
export type ParamSpec =
  | (Common & { type: 'string'; default?: string })
  | (Common & { type: 'integer' | 'number'; default?: number; min?: number; max?: number })
  | (Common & { type: 'boolean'; default?: boolean })
  /** A race time: `1:23.456`, `83.456` or `1:02:03.4`; the handler gets milliseconds. */
  | (Common & { type: 'time'; default?: number })
  /** A connected player: their exact login, or a part of their nickname (formatting ignored) that only one matches. */
  | (Common & { type: 'player' })
  | (Common & { type: 'enum'; values: readonly string[]; default?: string })
  /** Everything left on the line, spaces included; must be the last parameter. */
  | (Common & { type: 'rest'; default?: string });

/** A command's parameters by name, in the order they are typed (the object's key order). */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** One parameter of the list form: its name beside its type. */
export type NamedParamSpec = ParamSpec & { name: string };

/** A command's parameters as a list, in the order they are typed. */
export type ParamList = readonly NamedParamSpec[];

/**
 * How a command declares its parameters: by name (`{ count: { type: 'integer' } }`) or as a list
 * (`[{ name: 'player', type: 'player' }, { name: 'reason', type: 'rest', optional: true }]`). Types cannot see
 * the key order of an object, so beside other parameters an optional or rest one is declared in the list form,
 * where a required parameter after an optional one, or a rest one before another, fails to compile.
 */
export type ParamDeclaration = ParamSpecs | ParamList;

type ValueOf<P> = P extends { type: 'enum'; values: readonly (infer V)[] }
  ? V
  : P extends { type: 'string' | 'rest' }
    ? string
    : P extends { type: 'integer' | 'number' | 'time' }
      ? number
      : P extends { type: 'boolean' }
        ? boolean
        : P extends { type: 'player' }
          ? PlayerInfo
          : never;

/** What a handler receives for one parameter: an optional one without a default may be undefined. */
type HandlerValue<P> = P extends { default: unknown } ? ValueOf<P> : P extends { optional: true } ? ValueOf<P> | undefined : ValueOf<P>;

/** What a handler receives for declared parameters, by name. */
export type ParamValues<S extends ParamDeclaration> = S extends ParamList
  ? { -readonly [E in S[number] as E['name']]: HandlerValue<E> }
  : { -readonly [K in keyof S]: HandlerValue<S[K]> };

type IsOptional<P> = P extends { optional: true } | { default: unknown } ? true : false;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

// Each problem is a property the offending parameter lacks, so the compiler's error names the problem and the fix.
type RequiredAfterOptional = { 'a required parameter comes after an optional one: put optional parameters last': never };
type RestNotLast = { 'a rest parameter takes the rest of the line: make it the last one': never };
type OrderUnseen = {
  'beside other parameters, declare optional and rest ones as a list, [{ name, type }, ...], so their order is checked': never;
};

type CheckList<L, SeenOptional extends boolean = false> = L extends readonly [infer Head, ...infer Tail]
  ? readonly [
      Head & (Head extends { type: 'rest' } ? (Tail extends readonly [] ? unknown : RestNotLast) : unknown) & (SeenOptional extends true ? (IsOptional<Head> extends true ? unknown : RequiredAfterOptional) : unknown),
      ...CheckList<Tail, SeenOptional extends true ? true : IsOptional<Head>>,
    ]
  : L;

type CheckRecord<S> = true extends IsUnion<keyof S> ? { [K in keyof S]: S[K] extends { type: 'rest' } | { optional: true } | { default: unknown } ? OrderUnseen : unknown } : unknown;

/**
 * The compile-time check of a declaration, intersected with it where a command is declared: a required
 * parameter after an optional one, a rest parameter before another, or an optional or rest one among others
 * in the by-name form (whose order types cannot see) is a type error on that parameter.
 */
export type ParamsCheck<P> = P extends ParamList ? CheckList<P> : CheckRecord<P>;

/** The list form as parameters by name, in order; a name given twice is a problem (see paramListProblem). */
export function paramsByName(declaration: ParamDeclaration): ParamSpecs {
  if (!Array.isArray(declaration)) return declaration as ParamSpecs;
  return Object.fromEntries((declaration as ParamList).map(({ name, ...spec }) => [name, spec as ParamSpec]));
}

/** Why a list of parameters cannot be read by name (a missing or repeated name), or undefined. */
export function paramListProblem(declaration: ParamDeclaration): string | undefined {
  if (!Array.isArray(declaration)) return undefined;
  const seen = new Set<string>();
  for (const [index, spec] of (declaration as ParamList).entries()) {
    if (typeof spec?.name !== 'string') return `parameter ${index + 1} of the list has no name`;
    if (seen.has(spec.name)) return `parameter '${spec.name}' is declared twice`;
    seen.add(spec.name);
  }
  return undefined;
}

/** Why a parameter list cannot be declared, or undefined when it is fine. */
export function paramSpecsProblem(specs: ParamSpecs): string | undefined {
  const entries = Object.entries(specs);
  let optionalSeen: string | undefined;
  for (const [index, [name, spec]] of entries.entries()) {
    if (!isParamName(name)) return `parameter '${name}' needs a name of 1-32 lower-case letters, digits, - or _, starting with a letter`;
    if (spec.type === 'rest' && index !== entries.length - 1) return `parameter '${name}' takes the rest of the line, so it must be the last one`;
    if (spec.type === 'enum' && (spec.values.length === 0 || spec.values.some((value) => !/^\S+$/.test(value)))) {
      return `parameter '${name}' needs a list of values, each one word`;
    }
    const optional = isOptional(spec);
    if (optional) optionalSeen ??= name;
    else if (optionalSeen) return `parameter '${name}' is required but comes after the optional '${optionalSeen}'; put optional parameters last`;
  }
  return undefined;
}

function isOptional(spec: ParamSpec): boolean {
  return spec.optional === true || 'default' in spec;
}

/** `<login> [reason...]`: required in angle brackets, optional in square brackets, enums as `a|b`. */
export function paramsUsage(specs: ParamSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const inner = spec.type === 'enum' ? spec.values.join('|') : spec.type === 'rest' ? `${name}...` : name;
      return isOptional(spec) ? `[${inner}]` : `<${inner}>`;
    })
    .join(' ');
}

/** What a parameter expects, in words, for the answers to wrong input and for /help. */
export function expectedForm(spec: ParamSpec): string {
  switch (spec.type) {
    case 'string':
      return 'a word';
    case 'integer':
    case 'number': {
      const what = spec.type === 'integer' ? 'a whole number' : 'a number';
      if (spec.min !== undefined && spec.max !== undefined) return `${what} from ${spec.min} to ${spec.max}`;
      if (spec.min !== undefined) return `${what} of at least ${spec.min}`;
      if (spec.max !== undefined) return `${what} of at most ${spec.max}`;
      return what;
    }
    case 'boolean':
      return 'yes or no (also on/off, true/false)';
    case 'time':
      return 'a time like 1:23.456';
    case 'player':
      return "a connected player's login or a part of their name";
    case 'enum':
      return `one of ${listWords(spec.values)}`;
    case 'rest':
      return 'some text';
  }
}

/** The input as it may be echoed to a player: no formatting codes or links, at most 32 characters. */
export function echo(value: string): string {
  const plain = stripFormatting(value);
  const short = plain.length > 32 ? `${plain.slice(0, 31)}…` : plain;
  return short.replaceAll('$', () => '$$');
}

/** `a, b or c`. */
export function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

export type ParseOutcome = { ok: true; values: Record<string, unknown> } | { ok: false; problem: string };

/** A word of the typed text and the rest of the line from it on. */
interface Word {
  word: string;
  rest: string;
}

/** Splits the text after a command name into words, each with the raw remainder of the line. */
export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/\S+/g)) words.push({ word: match[0], rest: text.slice(match.index).trimEnd() });
  return words;
}

/** Reads the typed words against the declared parameters: typed values, or one sentence saying what is wrong. */
export function parseParams(specs: ParamSpecs, words: readonly Word[], players: ReadonlyMap<string, PlayerInfo>): ParseOutcome {
  const values: Record<string, unknown> = {};
  let at = 0;
  for (const [name, spec] of Object.entries(specs)) {
    const word = words[at];
    if (!word) {
      if (!isOptional(spec)) return { ok: false, problem: `Missing <${name}>: expected ${expectedForm(spec)}.` };
      values[name] = 'default' in spec ? spec.default : undefined;
      continue;
    }
    if (spec.type === 'rest') {
      values[name] = word.rest;
      at = words.length;
      continue;
    }
    const read = readValue(spec, word.word, players);
    if (!read.ok) return { ok: false, problem: `Wrong <${name}>: ${read.problem}` };
    values[name] = read.value;
    at++;
  }
  const extra = words[at];
  if (extra) return { ok: false, problem: `Too many arguments: '${echo(extra.word)}' is not expected.` };
  return { ok: true, values };
}

type ReadOutcome = { ok: true; value: unknown } | { ok: false; problem: string };

const YES = new Set(['yes', 'on', 'true', '1']);
const NO = new Set(['no', 'off', 'false', '0']);

function readValue(spec: ParamSpec, word: string, players: ReadonlyMap<string, PlayerInfo>): ReadOutcome {
  const wrong = (): ReadOutcome => ({ ok: false, problem: `expected ${expectedForm(spec)}, got '${echo(word)}'.` });
  switch (spec.type) {
    case 'string':
      return { ok: true, value: word };
    case 'integer':
    case 'number': {
      const pattern = spec.type === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)$/;
      if (!pattern.test(word)) return wrong();
      const value = Number(word);
      if (!Number.isFinite(value) || (spec.type === 'integer' && !Number.isSafeInteger(value))) return wrong();
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return wrong();
      return { ok: true, value };
    }
    case 'boolean': {
      const lower = word.toLowerCase();
      if (YES.has(lower)) return { ok: true, value: true };
      if (NO.has(lower)) return { ok: true, value: false };
      return wrong();
    }
    case 'time': {
      const value = parseTime(word);
      return value === undefined ? wrong() : { ok: true, value };
    }
    case 'enum': {
      const value = spec.values.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
      return value === undefined ? wrong() : { ok: true, value };
    }
    case 'player':
      return findPlayer(word, players);
    case 'rest':
      return { ok: true, value: word };
  }
}

/** `1:23.456` -> 83456, `83.4` -> 83400, `1:02:03` -> 3723000 (milliseconds); undefined when it is not a time. */
export function parseTime(text: string): number | undefined {
  const match = /^(?:(?:(\d+):)?(\d+):)?(\d+)(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  const [, hours, minutes, seconds, fraction] = match;
  // Below the largest unit, minutes and seconds are two-digit clock parts.
  if (minutes !== undefined && Number(seconds) >= 60) return undefined;
  if (hours !== undefined && Number(minutes) >= 60) return undefined;
  const ms = Number((fraction ?? '').padEnd(3, '0'));
  return ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds)) * 1000 + ms;
}

/**
 * A connected player by exact login (no case or whitespace folding: logins are identities), else by a part
 * of their nickname with formatting removed, compared without case, when exactly one player matches.
 */
export function findPlayer(word: string, players: ReadonlyMap<string, PlayerInfo>): ReadOutcome {
  const exact = players.get(word);
  if (exact) return { ok: true, value: exact };
  const needle = word.toLowerCase();
  const matches = [...players.values()].filter((player) => stripFormatting(player.nickName).toLowerCase().includes(needle));
  if (matches.length === 1) return { ok: true, value: matches[0] };
  if (matches.length === 0) return { ok: false, problem: `no connected player has the login '${echo(word)}' or a name containing it.` };
  const shown = matches.slice(0, 4).map((player) => `${echo(player.nickName)} (${echo(player.login)})`);
  const more = matches.length > 4 ? `, and ${matches.length - 4} more` : '';
  return { ok: false, problem: `'${echo(word)}' matches ${matches.length} players: ${shown.join(', ')}${more}; type more of the name, or the exact login.` };
}
