import { stripLinks } from '../server/formatting.js';

/**
 * Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): a nickname
 * holding one would make the whole page unreadable to the game, so they are dropped. They are also what the
 * renderer uses as its own placeholders, so text can never imitate one.
 */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** A value made safe for an XML attribute or text node: `&`, `<`, `>`, `"`, tabs and line breaks escaped, invalid characters dropped. */
export function escapeXml(value: string): string {
  // Most values (numbers, colours, plain names) need nothing: one test, no copy.
  if (!SPECIAL.test(value)) return value;
  return value.replace(INVALID_XML, '').replace(/[&<>"\t\n\r]/g, (char) => ENTITIES[char as keyof typeof ENTITIES]);
}

// Tabs and line breaks as character references: an XML parser turns literal ones in attributes into spaces.
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' } as const;

/**
 * Text a player reads (a label's text, an entry's default): its formatting links (`$l`, `$h`, `$p`) removed,
 * so a nickname can never turn into a link, then escaped for XML. Colours and styles are kept.
 */
export function escapeText(value: string): string {
  return escapeXml(value.includes('$') ? stripLinks(value) : value);
}
