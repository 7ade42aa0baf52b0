/**
 * Redaction: every value that leaves the machine, and every local copy of a report, passes through here.
 * Secrets become `********`: values under secret-looking keys, secret-looking values (bearer tokens, JWTs,
 * PEM blocks, credentials in URLs, long hex/base64 runs, card numbers, `password=...` in text), and the exact
 * value of every configured secret wherever it appears. It also turns any value into plain JSON-safe data,
 * bounded in depth and size, and never throws.
 */

import { secretForms, urlCredentials } from './secret-forms.js';

export const MASK = '********';

export interface RedactorLimits {
  /** Nesting levels kept; deeper values become '[Depth limit]'. */
  maxDepth: number;
  /** Characters kept of one string. */
  maxString: number;
  /** Items kept of one array, keys of one object. */
  maxItems: number;
  /** Rough budget of characters for one redacted value; past it, values become '[Size limit]'. */
  maxTotal: number;
}

export const DEFAULT_LIMITS: RedactorLimits = { maxDepth: 8, maxString: 2000, maxItems: 100, maxTotal: 64 * 1024 };

/** Words that mark a key as holding a secret, matched against each part of the key (camelCase, snake_case...). */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'key', 'apikey', 'serial', 'auth',
  'authorization', 'credential', 'credentials', 'privatekey', 'session', 'sessionid', 'cookie', 'dsn', 'code',
  'signature', 'salt', 'otp', 'pin',
]);

// Strings longer than this are cut before the value patterns run over them, so a huge string costs little.
const SCAN_LIMIT = 256 * 1024;

/**
 * One kind of secret-looking value and how it is masked in free text. Each rule runs in time linear in the
 * text: a regular expression may only start where it cannot fail after a long scan that a later start would
 * repeat (anchored at the start of a run, bounded, or replaced by a hand-written scan).
 */
export interface ValueRule {
  name: string;
  apply(text: string): string;
}

/** A constant `replace` string has no `$` patterns to parse on each call; others are callbacks. */
function regexRule(name: string, pattern: RegExp, replace: string | ((match: string, ...rest: never[]) => string)): ValueRule {
  return { name, apply: (text) => text.replace(pattern, replace as string) };
}

// Past this length a `$1` template beats a callback: V8 parses the template once per call, but calls back
// once per match, and a callback per match makes long text with many matches cost more than linear (garbage).
const TEMPLATE_FROM = 1024;

/** A rule whose replacement uses groups: `template` (`$1 ...`) for long text, `callback` for short. */
function groupRule(name: string, pattern: RegExp, template: string, callback: (match: string, ...groups: string[]) => string): ValueRule {
  return { name, apply: (text) => (text.length > TEMPLATE_FROM ? text.replace(pattern, template) : text.replace(pattern, callback)) };
}

/** [A-Za-z0-9_-]: the characters of one JWT segment. */
function isSegmentChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 45;
}

function segmentEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSegmentChar(text.charCodeAt(index))) index++;
  return index;
}

const JWT_START = /\beyJ/g;
const DOT = 46;

/**
 * JWTs: `eyJ` at a word start, at least 5 more segment characters, a dot, a segment of 5 or more, a dot and a
 * last segment. Scanned by hand: a regular expression retries every `eyJ` inside one long segment, and each
 * retry scans that segment to its end again.
 */
function maskJwts(text: string): string {
  let result = '';
  let copied = 0;
  JWT_START.lastIndex = 0;
  for (let found = JWT_START.exec(text); found; found = JWT_START.exec(text)) {
    const start = found.index;
    const firstEnd = segmentEnd(text, start + 3);
    // A later `eyJ` in the same segment ends at the same place with less before it: it cannot match either.
    JWT_START.lastIndex = firstEnd;
    if (firstEnd - start < 8 || text.charCodeAt(firstEnd) !== DOT) continue;
    const secondEnd = segmentEnd(text, firstEnd + 1);
    if (secondEnd - firstEnd - 1 < 5 || text.charCodeAt(secondEnd) !== DOT) continue;
    const end = segmentEnd(text, secondEnd + 1);
    result += text.slice(copied, start) + MASK;
    copied = end;
    JWT_START.lastIndex = end;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

const WORD_CHAR = /\w/;

/**
 * `user:password@` after a URL scheme. The expression starts only where a run of scheme characters starts, so
 * `a.a.a...` is tried once, not once per letter; the callback then checks that a scheme (a letter at a word
 * start) begins somewhere in that run, as `\b[a-z][a-z0-9+.-]*://` would.
 */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z0-9+.-]+:\/\/)[^\s/@?#]+@/gi;

function maskUrlCredentials(match: string, scheme: string, offset: number, text: string): string {
  for (let index = 0; index < scheme.length - 3; index++) {
    const char = scheme[index]!;
    if (!/[a-z]/i.test(char)) continue;
    const before = index === 0 ? text[offset - 1] : scheme[index - 1];
    if (before === undefined || !WORD_CHAR.test(before)) return `${scheme}${MASK}@`;
  }
  return match;
}

/**
 * Why the expressions left as they are run in linear time: `pem`, `bearer` and `key-value` start only at a
 * literal or keyword and scan one run that has a single way to split; `hex` starts only at a word start, so
 * never inside a run it already failed on; `card` looks at most 37 characters from each start.
 * test/core/reporting/redact.test.ts times each rule on adversarial input; bench/redact.ts reports it.
 */
export const VALUE_RULES: readonly ValueRule[] = [
  regexRule('pem', /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, MASK),
  groupRule('bearer', /\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{6,}=*/gi, `$1 ${MASK}`, (_match, scheme) => `${scheme} ${MASK}`),
  { name: 'jwt', apply: maskJwts },
  regexRule('url-credentials', URL_CREDENTIALS, maskUrlCredentials as (match: string, ...rest: never[]) => string),
  groupRule(
    'key-value',
    /\b(pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|authorization|session(?:id)?|cookie|dsn|serial)(["']?\s*[=:]\s*["']?)(?!Bearer |Basic |Token |\*{8})([^\s"'&,;]+)/gi,
    `$1$2${MASK}`,
    (_match, key, separator) => `${key}${separator}${MASK}`,
  ),
  regexRule('hex', /\b[0-9a-fA-F]{32,}\b/g, MASK),
  // Only where a run starts: a run of 39 would otherwise be rescanned from each of its characters.
  regexRule('base64', /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}={0,2}/g, (match) =>
    /\d/.test(match) && /[a-z]/.test(match) && /[A-Z]/.test(match) ? MASK : match,
  ),
  regexRule('card', /\b(?:\d[ -]?){12,18}\d\b/g, (match) => (luhn(match) ? MASK : match)),
];

export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (SECRET_WORDS.has(lower) || SECRET_WORDS.has(lower.replace(/[^a-z0-9]/g, ''))) return true;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  return words.some((word) => SECRET_WORDS.has(word) || (word.endsWith('s') && SECRET_WORDS.has(word.slice(0, -1))));
}

/** The Luhn checksum of the digits in `text` (separators skipped). */
function luhn(text: string): boolean {
  let sum = 0;
  let position = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    let digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) continue;
    if (position++ % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export class Redactor {
  /** Every form of every configured secret, longest first, in one alternation. */
  private secretPattern: RegExp | undefined;
  /**
   * Forms of which every form contains at least one: most text holds no secret, and a few native `includes`
   * say so far faster than the alternation can.
   */
  private needles: string[] = [];
  private shortestNeedle = Infinity;
  readonly limits: RedactorLimits;

  constructor(secrets: readonly string[] = [], limits: Partial<RedactorLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.setSecrets(secrets);
  }

  /**
   * The configured secret values to find anywhere (settings secrets, app settings marked secret), in upper or
   * lower case and in the forms code turns them into (secret-forms.ts): URL-encoded, JSON- and XML-escaped,
   * hex and base64; a URL's user name and password count on their own (a DSN's public key).
   */
  setSecrets(secrets: readonly string[]): void {
    const forms = new Set<string>();
    for (const secret of secrets) {
      // Shorter values would mask ordinary words; they are still masked under their keys.
      if (typeof secret !== 'string' || secret.length < 3) continue;
      for (const value of [secret, ...urlCredentials(secret)]) for (const form of secretForms(value)) forms.add(form);
    }
    const ordered = [...forms].sort((a, b) => b.length - a.length);
    this.secretPattern = ordered.length ? new RegExp(ordered.map(escapeRegExp).join('|'), 'g') : undefined;
    const shortestFirst = [...ordered].reverse();
    this.needles = shortestFirst.filter((form, index) => !shortestFirst.slice(0, index).some((shorter) => form.includes(shorter)));
    this.shortestNeedle = Math.min(Infinity, ...this.needles.map((needle) => needle.length));
  }

  /** Masks only the configured secret values: the last pass over a serialized report. */
  exactSecrets(text: string): string {
    if (text.length < this.shortestNeedle || !this.needles.some((needle) => text.includes(needle))) return text;
    return text.replace(this.secretPattern!, MASK);
  }

  /** Masks secrets in free text (messages, stack traces); bounded to limits.maxString characters. */
  text(input: string, maxLength = this.limits.maxString): string {
    try {
      let text = this.exactSecrets(input.length > SCAN_LIMIT ? input.slice(0, SCAN_LIMIT) : input);
      for (const rule of VALUE_RULES) text = rule.apply(text);
      return input.length > maxLength || text.length > maxLength ? cut(text, maxLength, input.length) : text;
    } catch {
      return '[Unredactable text]';
    }
  }

  /** A plain, JSON-safe, bounded copy of `value` with every secret masked. Never throws. */
  value(value: unknown): unknown {
    try {
      return new Walk(this).visit(value, 0, undefined);
    } catch {
      return '[Unredactable value]';
    }
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cut(text: string, maxLength: number, originalLength: number): string {
  return `${text.slice(0, maxLength)}…[cut ${Math.max(0, originalLength - maxLength)} chars]`;
}

/** One traversal: remembers what it has seen (cycles) and how much it has produced (size budget). */
class Walk {
  private readonly seen = new WeakSet<object>();
  private budget: number;

  constructor(private readonly redactor: Redactor) {
    this.budget = redactor.limits.maxTotal;
  }

  visit(value: unknown, depth: number, key: string | undefined): unknown {
    if (key !== undefined && isSecretKey(key) && value !== null && value !== undefined && typeof value !== 'boolean') {
      this.budget -= MASK.length;
      return MASK;
    }
    if (this.budget <= 0) return '[Size limit]';
    switch (typeof value) {
      case 'string': {
        const text = this.redactor.text(value);
        this.budget -= text.length;
        return text;
      }
      case 'number':
        this.budget -= 8;
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
      case 'undefined':
        this.budget -= 4;
        return value ?? null;
      case 'bigint':
        return this.redactor.text(value.toString());
      case 'symbol':
        return this.redactor.text(value.toString());
      case 'function':
        return `[Function ${this.redactor.text(value.name || 'anonymous', 100)}]`;
      default:
        break;
    }
    if (value === null) return null;
    const object = value as object;
    if (this.seen.has(object)) return '[Circular]';
    if (depth >= this.redactor.limits.maxDepth) return '[Depth limit]';
    this.seen.add(object);
    try {
      return this.visitObject(object, depth);
    } finally {
      this.seen.delete(object);
    }
  }

  private visitObject(object: object, depth: number): unknown {
    const { maxItems } = this.redactor.limits;
    if (Buffer.isBuffer(object) || ArrayBuffer.isView(object)) return `[${object.constructor.name} ${(object as ArrayBufferView).byteLength} bytes]`;
    if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (object instanceof RegExp) return this.redactor.text(String(object), 200);
    if (object instanceof Error) {
      return {
        name: this.redactor.text(String(safeGet(object, 'name')), 200),
        message: this.redactor.text(String(safeGet(object, 'message'))),
      };
    }
    if (object instanceof Map) {
      const result: Record<string, unknown> = {};
      let count = 0;
      for (const [key, item] of object) {
        if (count++ >= maxItems) {
          result['[more]'] = `${object.size - maxItems} more entries`;
          break;
        }
        const name = this.redactor.text(typeof key === 'string' ? key : String(key), 200);
        result[name] = this.visit(item, depth + 1, typeof key === 'string' ? key : undefined);
      }
      return result;
    }
    if (object instanceof Set) return this.visitList([...object].slice(0, maxItems + 1), object.size, depth);
    if (Array.isArray(object)) return this.visitList(object.length > maxItems ? object.slice(0, maxItems + 1) : object, object.length, depth);
    if (object instanceof Promise || object instanceof WeakMap || object instanceof WeakSet) return `[${object.constructor.name}]`;
    const result: Record<string, unknown> = {};
    let keys: string[];
    try {
      keys = Object.keys(object);
    } catch {
      return '[Unreadable object]';
    }
    for (const [index, key] of keys.entries()) {
      if (index >= maxItems) {
        result['[more]'] = `${keys.length - maxItems} more keys`;
        break;
      }
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch {
        item = '[Unreadable: getter threw]';
      }
      result[this.redactor.text(key, 200)] = this.visit(item, depth + 1, key);
      if (this.budget <= 0) {
        result['[more]'] = 'size limit reached';
        break;
      }
    }
    return result;
  }

  private visitList(items: readonly unknown[], total: number, depth: number): unknown[] {
    const { maxItems } = this.redactor.limits;
    const result: unknown[] = [];
    for (let index = 0; index < Math.min(items.length, maxItems); index++) {
      let item: unknown;
      try {
        item = items[index];
      } catch {
        item = '[Unreadable]';
      }
      result.push(this.visit(item, depth + 1, undefined));
      if (this.budget <= 0) break;
    }
    if (total > result.length) result.push(`[${total - result.length} more items]`);
    return result;
  }
}

function safeGet(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return '[Unreadable]';
  }
}
