import type { Redactor } from './redact.js';

/**
 * The redacted texts of one error, shared by every report built of it (the owner's report and the app's
 * feed): each distinct text (a message, an error name, a function name) is redacted once, and every field
 * of a report is redacted when it is built, so no pass over the serialized report is needed.
 */
export class ErrorTexts {
  private readonly texts = new Map<string, string>();
  private readonly exact = new Map<string, string>();
  private readonly values = new Map<unknown, unknown>();

  constructor(readonly redactor: Redactor) {}

  /** Free text (a message, a function name): configured secrets and secret-looking values masked, bounded. */
  text(input: string, maxLength = this.redactor.limits.maxString): string {
    const key = `${maxLength}\u0000${input}`;
    let result = this.texts.get(key);
    if (result === undefined) this.texts.set(key, (result = this.redactor.text(input, maxLength)));
    return result;
  }

  /** A structured value (an event's payload, a frame's locals), redacted and bounded once however often it is used. */
  value(input: unknown): unknown {
    if (this.values.has(input)) return this.values.get(input);
    const result = this.redactor.value(input);
    this.values.set(input, result);
    return result;
  }

  /** A name or identifier (an error type, an app id, a file name): configured secrets masked. */
  secrets(input: string): string {
    let result = this.exact.get(input);
    if (result === undefined) this.exact.set(input, (result = this.redactor.exactSecrets(input)));
    return result;
  }
}
