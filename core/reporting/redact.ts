/**
 * Redaction: every value that leaves the machine, and every local copy of a report, passes through here.
 * Secrets become `********`: values under secret-looking keys, secret-looking values (bearer tokens, JWTs,
 * PEM blocks, credentials in URLs, long hex/base64 runs, card numbers, `password=...` in text), and the exact
 * value of every configured secret wherever it appears. It also turns any value into plain JSON-safe data,
 * bounded in depth and size, and never throws.
 */

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

const VALUE_PATTERNS: [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, () => MASK],
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9\-._~+/]{6,}=*/gi, (_match, scheme) => `${scheme} ${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => MASK],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@?#]+@/gi, (_match, scheme) => `${scheme}${MASK}@`],
  [
    /\b(pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|authorization|session(?:id)?|cookie|dsn|serial)(["']?\s*[=:]\s*["']?)(?!Bearer |Basic |Token |\*{8})([^\s"'&,;]+)/gi,
    (_match, key, separator) => `${key}${separator}${MASK}`,
  ],
  [/\b[0-9a-fA-F]{32,}\b/g, () => MASK],
  [/[A-Za-z0-9+/_-]{40,}={0,2}/g, (match) => (/\d/.test(match) && /[a-z]/.test(match) && /[A-Z]/.test(match) ? MASK : match)],
  [/\b(?:\d[ -]?){12,18}\d\b/g, (match) => (luhn(match.replace(/\D/g, '')) ? MASK : match)],
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

function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export class Redactor {
  private secrets: string[] = [];
  readonly limits: RedactorLimits;

  constructor(secrets: readonly string[] = [], limits: Partial<RedactorLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.setSecrets(secrets);
  }

  /** The configured secret values to find anywhere (settings secrets, app settings marked secret). */
  setSecrets(secrets: readonly string[]): void {
    const variants = new Set<string>();
    for (const secret of secrets) {
      // Shorter values would mask ordinary words; they are still masked under their keys.
      if (typeof secret !== 'string' || secret.length < 3) continue;
      variants.add(secret);
      variants.add(encodeURIComponent(secret));
      variants.add(JSON.stringify(secret).slice(1, -1));
    }
    this.secrets = [...variants].sort((a, b) => b.length - a.length);
  }

  /** Masks only the configured secret values: the last pass over a serialized report. */
  exactSecrets(text: string): string {
    let result = text;
    for (const secret of this.secrets) if (result.includes(secret)) result = result.split(secret).join(MASK);
    return result;
  }

  /** Masks secrets in free text (messages, stack traces); bounded to limits.maxString characters. */
  text(input: string, maxLength = this.limits.maxString): string {
    try {
      let text = this.exactSecrets(input.length > SCAN_LIMIT ? input.slice(0, SCAN_LIMIT) : input);
      for (const [pattern, replace] of VALUE_PATTERNS) text = text.replace(pattern, replace as (match: string) => string);
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
