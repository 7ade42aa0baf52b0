import { stripFormatting } from '../server/formatting.js';

/** A name to hide (a login, a nickname, the server's name) and the marker that replaces it. */
export interface MaskedName {
  text: string;
  marker: string;
}

interface Form {
  /** The name case-folded (see foldCase). */
  folded: string;
  marker: string;
  /** An ordinary word (see isOrdinaryWord): masked only where it is used as a name. */
  word: boolean;
}

/** What the feed puts in place of what it hides; never matched as a name again. */
const MARKER = /<(?:player|server|host|ip|path|app|core)>/y;
const MIN_LENGTH = 2;
const LETTERS_ONLY = /^\p{L}+$/u;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;
const TOKEN_CHAR = /[\p{L}\p{N}_]/u;
/** Characters that make a word part of an identifier, on either side: `player_wide`, `wide@x`, `wide=1`. */
const JOINERS = new Set(['_', '/', '\\', '@', '#', '+', '=', '$', '%', '~']);
/** Joiners only between two token characters (`wide.json`, `x-wide`, `login:wide`); else punctuation. */
const SOFT_JOINERS = new Set(['.', '-', ':']);
const CLOSERS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '(': ')', '[': ']', '<': '>', '{': '}' };
const NAME_KEYWORD = /\b(?:login|player|nick(?:name)?|user(?:name)?|account)s?\s*[=:]?\s*$/i;

/** Lower case, one UTF-16 unit for one, so positions in the folded text are positions in the text. */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const unit of text.split('')) {
    const folded = unit.toLowerCase();
    out += folded.length === 1 ? folded : unit;
  }
  return out;
}

/**
 * Replaces names in free text, in every form they are written: as sent, without formatting codes
 * (`stripFormatting`), in any case, and inside longer tokens. The rule for a name that is also an ordinary
 * word (letters only, in lower case or capitalised, like the login `wide` or the nickname `Wide`, or shorter
 * than 3 characters): it is masked where it is used as
 * a name, and kept where it reads as a word. Used as a name means: joined to an identifier (`player_wide.json`,
 * `wide_best`, `login:wide`, `wide@host`), quoted or bracketed on both sides (`'wide'`, `(wide)`), after a word
 * such as login, player or nick (`player wide`), or the name of the player whose event was being handled. It
 * is never masked inside a longer word (`widespread`). Every other name (with digits, `-`, `_`, `.`, spaces,
 * capitals inside it, or formatting codes) is masked wherever it appears.
 * Names are looked up by their first two folded characters, then by length: the cost grows with the text
 * and the number of distinct name lengths, not with the number of names.
 */
export class NameMasker {
  /** By their first two folded characters: the lengths of the names that start so (longest first), and the names. */
  private readonly index = new Map<string, { lengths: number[]; forms: Map<string, Form> }>();
  private readonly firsts = new Set<number>();

  constructor(names: readonly MaskedName[] = []) {
    for (const name of names) this.add(name);
  }

  /** One more name to mask (a player who just connected). */
  add(name: MaskedName): void {
    if (typeof name.text !== 'string') return;
    for (const variant of [name.text, stripFormatting(name.text)].map((text) => text.trim())) {
      const folded = foldCase(variant);
      if (folded.length < MIN_LENGTH) continue;
      const key = folded.slice(0, MIN_LENGTH);
      let bucket = this.index.get(key);
      if (!bucket) this.index.set(key, (bucket = { lengths: [], forms: new Map() }));
      const word = isOrdinaryWord(variant);
      const known = bucket.forms.get(folded);
      // The same letters written as a name elsewhere (`LinkNick`) make them a name everywhere.
      if (known) {
        known.word &&= word;
        continue;
      }
      bucket.forms.set(folded, { folded, marker: name.marker, word });
      if (!bucket.lengths.includes(folded.length)) {
        // Longest first, so `anna-login` wins over `anna`.
        const at = bucket.lengths.findIndex((length) => length < folded.length);
        bucket.lengths.splice(at < 0 ? bucket.lengths.length : at, 0, folded.length);
      }
      this.firsts.add(folded.charCodeAt(0));
    }
  }

  get size(): number {
    return this.index.size;
  }

  /**
   * `text` with every name replaced by its marker. `named` holds folded names used as names in this text
   * whatever their surroundings (the player whose event was being handled).
   */
  mask(text: string, named?: ReadonlySet<string>): string {
    if (this.index.size === 0 || text.length < MIN_LENGTH) return text;
    const folded = foldCase(text);
    let out = '';
    let copied = 0;
    let index = 0;
    while (index < text.length - 1) {
      if (text.charCodeAt(index) === 60) {
        MARKER.lastIndex = index;
        if (MARKER.test(text)) {
          index = MARKER.lastIndex;
          continue;
        }
      }
      const form = this.firsts.has(folded.charCodeAt(index)) ? this.match(text, folded, index, named) : undefined;
      if (!form) {
        index++;
        continue;
      }
      out += text.slice(copied, index) + form.marker;
      index += form.folded.length;
      copied = index;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  private match(text: string, folded: string, start: number, named: ReadonlySet<string> | undefined): Form | undefined {
    const bucket = this.index.get(folded.slice(start, start + MIN_LENGTH));
    if (!bucket) return undefined;
    for (const length of bucket.lengths) {
      if (start + length > folded.length) continue;
      const form = bucket.forms.get(folded.slice(start, start + length));
      if (!form) continue;
      if (!form.word || usedAsName(text, start, start + length, named?.has(form.folded) ?? false)) return form;
    }
    return undefined;
  }
}

/** Letters only, in lower case or with a capital first letter only (`wide`, `Wide`, not `LinkNick`), or very short. */
function isOrdinaryWord(name: string): boolean {
  return name.length < 3 || (LETTERS_ONLY.test(name) && name.slice(1) === name.slice(1).toLowerCase());
}

/** Whether the word at text[start, end) is used as a name (see NameMasker). */
function usedAsName(text: string, start: number, end: number, named: boolean): boolean {
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  if (ALPHANUMERIC.test(before) || ALPHANUMERIC.test(after)) return false;
  if (named || JOINERS.has(before) || JOINERS.has(after)) return true;
  if (SOFT_JOINERS.has(before) && TOKEN_CHAR.test(text[start - 2] ?? '')) return true;
  if (SOFT_JOINERS.has(after) && TOKEN_CHAR.test(text[end + 1] ?? '')) return true;
  if (before && CLOSERS[before] === after) return true;
  return NAME_KEYWORD.test(text.slice(Math.max(0, start - 24), start));
}
