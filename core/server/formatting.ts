/**
 * ManiaPlanet / Trackmania text formatting codes, as found in nicknames, server names and map names:
 * `$` + 3 hex digits is a colour, `$l[url]` / `$h[id]` / `$p[id]` start links (closed by the same letter),
 * `$$` is a literal dollar, and `$` + any other character is a style code (`$o` bold, `$w` wide, `$z`
 * reset, `$<` / `$>` push and pop, ...).
 */

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'dollar' }
  | { kind: 'link'; raw: string }
  | { kind: 'code'; raw: string }
  | { kind: 'dangling' };

const HEX = /[0-9a-f]/i;
const LINK_LETTERS = new Set(['l', 'h', 'p']);

function* tokens(text: string): Generator<Token> {
  let start = 0;
  let at = 0;
  while (at < text.length) {
    if (text[at] !== '$') {
      at++;
      continue;
    }
    if (at > start) yield { kind: 'text', text: text.slice(start, at) };
    const next = text[at + 1];
    if (next === undefined) {
      yield { kind: 'dangling' };
      at += 1;
    } else if (next === '$') {
      yield { kind: 'dollar' };
      at += 2;
    } else if (HEX.test(next)) {
      // A colour takes up to three hex digits.
      let end = at + 2;
      while (end < at + 4 && end < text.length && HEX.test(text[end]!)) end++;
      yield { kind: 'code', raw: text.slice(at, end) };
      at = end;
    } else if (LINK_LETTERS.has(next.toLowerCase())) {
      let end = at + 2;
      if (text[end] === '[') {
        const close = text.indexOf(']', end);
        end = close < 0 ? text.length : close + 1;
      }
      yield { kind: 'link', raw: text.slice(at, end) };
      at = end;
    } else {
      yield { kind: 'code', raw: text.slice(at, at + 2) };
      at += 2;
    }
    start = at;
  }
  if (at > start) yield { kind: 'text', text: text.slice(start, at) };
}

/** The plain text a player reads: every formatting code and link removed, `$$` turned into `$`. */
export function stripFormatting(text: string): string {
  let out = '';
  for (const token of tokens(text)) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'dollar') out += '$';
  }
  return out;
}

/** The text with its links (`$l`, `$h`, `$p`, with or without `[target]`) removed; colours and styles kept. */
export function stripLinks(text: string): string {
  let out = '';
  for (const token of tokens(text)) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'dollar') out += '$$';
    else if (token.kind === 'code') out += token.raw;
    // A trailing lone `$` would combine with whatever text follows, so it is dropped like a link.
  }
  return out;
}

/**
 * A name (nickname, server or map name) ready to paste into a chat message: without its links, and followed
 * by `$z` when it has formatting, so its colours and styles stop at the end of the name.
 */
export function nameForChat(name: string): string {
  const safe = stripLinks(name);
  return safe.includes('$') ? `${safe}$z` : safe;
}
