import { stripLinks } from '../server/formatting.js';

/**
 * A value made safe for an XML attribute or text node: `&`, `<`, `>`, `"`, tabs and line breaks escaped;
 * characters XML 1.0 does not allow at all (other C0 controls, lone surrogates, U+FFFE/U+FFFF) dropped, since
 * one of them would make the whole page unreadable to the game. Those dropped characters are also what the
 * renderer uses as its own placeholders, so text can never imitate one.
 */
export function escapeXml(value: string): string {
  // One scan; most values (colours, alignments, plain names) need nothing and are returned as they are.
  let out = '';
  let last = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code >= 0x3f && code < 0xd800) continue;
    let replacement: string;
    if (code === 0x26) replacement = '&amp;';
    else if (code === 0x3c) replacement = '&lt;';
    else if (code === 0x3e) replacement = '&gt;';
    else if (code === 0x22) replacement = '&quot;';
    // Tabs and line breaks as character references: an XML parser turns literal ones in attributes into spaces.
    else if (code === 0x09) replacement = '&#9;';
    else if (code === 0x0a) replacement = '&#10;';
    else if (code === 0x0d) replacement = '&#13;';
    else if (code >= 0x20 && code < 0xd800) continue;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(value.charCodeAt(index + 1))) {
      index++;
      continue;
    } else if (code > 0xdfff && code < 0xfffe) continue;
    else replacement = '';
    out += value.slice(last, index) + replacement;
    last = index + 1;
  }
  return last === 0 ? value : out + value.slice(last);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Text a player reads (a label's text, an entry's default): its formatting links (`$l`, `$h`, `$p`) removed,
 * so a nickname can never turn into a link, then escaped for XML. Colours and styles are kept.
 */
export function escapeText(value: string): string {
  return escapeXml(value.includes('$') ? stripLinks(value) : value);
}
