import type { Logger } from '../logging/logger.js';

/**
 * Callbacks the facade refuses because they do not have the shape the server documents. Each kind of
 * problem is logged once at debug level: a server (or a forged client) repeating it cannot flood the log.
 */
export class DroppedInput {
  private readonly seen = new Set<string>();

  constructor(private readonly logger: Pick<Logger, 'debug'>) {}

  /** `kind` names the problem (a finite set of phrases); `line` says what was dropped. */
  drop(kind: string, line: string): void {
    if (this.seen.has(kind)) return;
    this.seen.add(kind);
    this.logger.debug(`${line}; further ones like it are dropped without a line`);
  }
}
