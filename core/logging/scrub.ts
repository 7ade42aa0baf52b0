import winston from 'winston';

/** What log output is redacted with: the reporting Redactor, handed in by the runtime (it sits above logging). */
export interface LogRedaction {
  /** Masks every configured secret, in every form it may take, in `text`. */
  exactSecrets(text: string): string;
}

// C0 controls but tab and newline, DEL, C1 controls, line and paragraph separators, and bidirectional
// overrides: what can move the cursor, recolour a terminal, or reorder what a reader sees.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_AND_NEWLINES = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Control characters written as `\xHH` / `\uHHHH`, so text from a server, a player or an app cannot colour
 * the console, return to the start of a line, or reorder it. Newlines are kept where `keepNewlines` says so
 * (messages and stacks may span lines); the console indents every line after the first.
 */
export function escapeControls(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? CONTROLS : CONTROLS_AND_NEWLINES, escapeOne);
}

const MAX_META_DEPTH = 8;

/** Fields whose newlines are their own: multi-line messages (settings problems) and stack traces. */
const MULTI_LINE_FIELDS = new Set(['message', 'stack']);

/**
 * The logger-wide format every transport's output passes through: each string field of a log entry has the
 * configured secrets masked (once the redaction is known) and its control characters escaped.
 */
export class LogScrubber {
  private redaction?: LogRedaction;

  use(redaction: LogRedaction): void {
    this.redaction = redaction;
  }

  /** Masks configured secrets in a finished output line (the file's JSON carries nested values too). */
  redact(text: string): string {
    return this.redaction ? this.redaction.exactSecrets(text) : text;
  }

  readonly format = winston.format((info) => {
    for (const key of Object.keys(info)) {
      if (key === 'level') continue;
      const value = info[key];
      if (typeof value === 'string') info[key] = escapeControls(this.redact(value), MULTI_LINE_FIELDS.has(key));
      else if (typeof value === 'object' && value !== null) {
        try {
          info[key] = this.scrubNested(value, 0, new WeakSet());
        } catch {
          // A getter that throws: the value stays as given rather than losing the log line.
        }
      }
    }
    return info;
  })();

  /** A copy of plain objects and arrays given as log metadata, their strings scrubbed; other values as they are. */
  private scrubNested(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return escapeControls(this.redact(value));
    if (typeof value !== 'object' || value === null || seen.has(value) || depth >= MAX_META_DEPTH) return value;
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => this.scrubNested(item, depth + 1, seen));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.scrubNested(item, depth + 1, seen)]));
  }

  /** The last step of a transport's format: masks configured secrets in what it is about to write. */
  readonly output = winston.format((info) => {
    const line = info[Symbol.for('message')];
    if (typeof line === 'string') info[Symbol.for('message')] = this.redact(line);
    return info;
  })();
}
