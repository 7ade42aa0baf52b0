import { PitwallError } from '../errors.js';

/**
 * An app's player-facing lines, by language: English is the reference every key is declared in, other
 * languages translate some or all of them. `{name}` in a line is a parameter, filled in by ctx.t/tell/announce.
 */

/** One language's lines: key -> text with `{param}` placeholders. */
export type MessageTable = Record<string, string>;

/** The English lines and their translations; a key missing in a translation falls back to English. */
export interface AppMessages<En extends MessageTable = MessageTable> {
  readonly en: En;
  readonly [language: string]: { readonly [K in keyof En]?: string };
}

/** The `{param}` names in a line, as a union of string literals (never when it has none). */
export type PlaceholdersOf<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never;

/** The keys of an app's messages. */
export type MessageKey<M extends AppMessages> = keyof M['en'] & string;

/** The parameters a line takes: an object with each of its placeholders. */
export type MessageParams<M extends AppMessages, K extends MessageKey<M>> = { readonly [P in PlaceholdersOf<M['en'][K]>]: string | number };

/** The trailing arguments of ctx.t/tell for key K: none when its line has no placeholder, else its params. */
export type MessageArgs<M extends AppMessages, K extends MessageKey<M>> = [PlaceholdersOf<M['en'][K]>] extends [never] ? [params?: Record<string, never>] : [params: MessageParams<M, K>];

/**
 * Declares an app's lines: `messages: defineMessages({ en: { hello: 'Hello {name}' }, fr: { hello: 'Bonjour {name}' } })`.
 * A key a translation does not know is a type error; a key it lacks is caught by `checkMessages` in the tests.
 */
export function defineMessages<const M extends { readonly en: MessageTable }>(messages: M & KnownKeysOnly<M>): AppMessages<M['en']> {
  return messages as unknown as AppMessages<M['en']>;
}

/** Each translation may hold only keys of the English table. */
type KnownKeysOnly<M extends { readonly en: MessageTable }> = {
  readonly [L in keyof M]: L extends 'en' ? MessageTable : { readonly [K in keyof M[L]]: K extends keyof M['en'] ? string : never };
};

/** The language a line is looked up in: the primary tag of what the server says, lower case (`fr-FR` -> `fr`). */
export function languageTag(language: string | undefined): string {
  const tag = (language ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(tag) ? tag : 'en';
}

/** Fills `key`'s line in `language` (or English, when that language lacks it) with `params`. */
export function translate(app: string, messages: AppMessages | undefined, language: string, key: string, params: Readonly<Record<string, unknown>> = {}): string {
  const english = messages?.en;
  if (!english || !Object.hasOwn(english, key)) {
    throw new PitwallError('PW_ERR_MESSAGE_KEY', { app, key, known: english ? Object.keys(english) : [] });
  }
  const table = Object.hasOwn(messages, language) ? messages[language] : undefined;
  const line = (table && Object.hasOwn(table, key) ? table[key] : undefined) ?? english[key]!;
  // Replaced through a function: a parameter's `$$` (a player's nickname) must not be read as a pattern.
  return line.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The placeholders of a line, sorted, for comparing a translation with its English line. */
function placeholders(line: string): string[] {
  return [...new Set([...line.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!))].sort();
}

/**
 * Every problem with an app's translations: a key a language lacks or does not know, an empty line, or a
 * line whose placeholders differ from the English one. Run it in the app's tests (pitwall/testing exports it),
 * so a missing line fails a test instead of falling back to English in game.
 * `checkMessages(app)` of pitwall/testing runs it on an app definition.
 */
export function messageProblems(app: string, messages: AppMessages | undefined): string[] {
  if (!messages) return [];
  const problems: string[] = [];
  const english = messages.en;
  if (!english || typeof english !== 'object') return [`app '${app}': messages have no 'en' table; English is the reference every key is declared in`];
  for (const [key, line] of Object.entries(english)) {
    if (typeof line !== 'string' || line.trim() === '') problems.push(`app '${app}', en: '${key}' is empty`);
  }
  for (const [language, table] of Object.entries(messages)) {
    if (language === 'en') continue;
    if (languageTag(language) !== language) problems.push(`app '${app}': '${language}' is not a language tag; use a lower-case code such as 'fr' or 'de'`);
    for (const [key, line] of Object.entries(english)) {
      const translated = table[key];
      if (translated === undefined) {
        problems.push(`app '${app}', ${language}: '${key}' is missing (en: ${JSON.stringify(line)})`);
        continue;
      }
      if (translated.trim() === '') {
        problems.push(`app '${app}', ${language}: '${key}' is empty`);
        continue;
      }
      const want = placeholders(line).join(', ');
      const got = placeholders(translated).join(', ');
      if (want !== got) problems.push(`app '${app}', ${language}: '${key}' has placeholders {${got}}, en has {${want}}`);
    }
    for (const key of Object.keys(table)) {
      if (!Object.hasOwn(english, key)) problems.push(`app '${app}', ${language}: '${key}' is not an English key`);
    }
  }
  return problems;
}
