/**
 * The forms a configured secret takes once code has handled it: what the Redactor looks for besides the value
 * itself.
 */

// A URL's user name or password shorter than this (`https://key@...` in examples) is too common a word to mask.
const MIN_URL_CREDENTIAL = 8;
// Base64 of a secret inside longer data shares only its middle with the secret's own base64; shorter middles
// than this would match unrelated text.
const MIN_BASE64_CORE = 8;

/** The user name and password of a secret that is a URL (a DSN's public key), decoded and as written. */
export function urlCredentials(secret: string): string[] {
  if (!secret.includes('://')) return [];
  let url: URL;
  try {
    url = new URL(secret);
  } catch {
    return [];
  }
  const parts: string[] = [];
  for (const part of [url.username, url.password]) {
    if (part.length < MIN_URL_CREDENTIAL) continue;
    parts.push(part);
    try {
      parts.push(decodeURIComponent(part));
    } catch {
      // Not valid percent-encoding: the form as written is enough.
    }
  }
  return parts;
}

const XML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const XML_SPECIAL = /[&<>"']/g;

/**
 * A secret written into XML or HTML (an XML-RPC call, a ManiaLink, a page): with named entities, with `&#39;`
 * for the quote as most HTML escapers write it, and with decimal character references.
 */
function xmlForms(text: string): string[] {
  if (!/[&<>"']/.test(text)) return [];
  return [
    text.replace(XML_SPECIAL, (char) => XML_NAMED[char]!),
    text.replace(XML_SPECIAL, (char) => (char === "'" ? '&#39;' : XML_NAMED[char]!)),
    text.replace(XML_SPECIAL, (char) => `&#${char.charCodeAt(0)};`),
  ];
}

/**
 * A secret as text may carry it: as is, in upper or lower case, URL-encoded, JSON-escaped, XML-escaped, hex,
 * and base64 at any byte offset.
 */
export function secretForms(secret: string): string[] {
  const forms = [secret, secret.toLowerCase(), secret.toUpperCase()].flatMap((text) => [
    text,
    encodeURIComponent(text),
    JSON.stringify(text).slice(1, -1),
    ...xmlForms(text),
  ]);
  const bytes = Buffer.from(secret, 'utf8');
  forms.push(bytes.toString('hex'), bytes.toString('hex').toUpperCase());
  const padded = bytes.toString('base64');
  const unpadded = padded.replace(/=+$/, '');
  forms.push(padded, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_'));
  // In longer data the secret starts 0, 1 or 2 bytes into a 3-byte group: the characters that depend on
  // its bytes alone are the same whatever surrounds it.
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice([0, 2, 3][offset], Math.floor(((offset + bytes.length) * 8) / 6));
    if (core.length >= MIN_BASE64_CORE) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms.filter((form) => form.length >= 3);
}
