import { stat } from 'node:fs/promises';
import { statSync, type Stats } from 'node:fs';
import { PitwallError } from '../errors.js';

/** How often the file is looked at: a deletion is reported well within 10 s. */
export const SQLITE_FILE_CHECK_MS = 2_000;

/**
 * Watches an open SQLite file for being deleted or replaced under the controller (a cleanup script, a
 * restore copied over with `mv`). SQLite keeps writing to the file it opened, which nobody can open again
 * once it is unlinked; after that, `problem()` holds the error that refuses further writes.
 */
export class SqliteFileWatch {
  private gone?: PitwallError;
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly file: string,
    private readonly opened: Pick<Stats, 'dev' | 'ino'>,
    private readonly onGone: (error: PitwallError) => void = () => undefined,
    intervalMs = SQLITE_FILE_CHECK_MS,
  ) {
    this.timer = setInterval(() => void this.check(), intervalMs).unref();
  }

  /** The error writes are refused with, once the file was deleted or replaced. */
  problem(): PitwallError | undefined {
    return this.gone;
  }

  /** Looks at the file now, synchronously (when SQLite itself reports it moved). */
  checkNow(): PitwallError | undefined {
    if (!this.gone) {
      try {
        this.compare(statSync(this.file));
      } catch (error) {
        this.compare(error);
      }
    }
    return this.gone;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.checking || this.gone) return;
    this.checking = true;
    try {
      this.compare(await stat(this.file).catch((error: unknown) => error));
    } finally {
      this.checking = false;
    }
  }

  private compare(now: Stats | unknown): void {
    if (this.gone) return;
    let change: 'deleted' | 'replaced' | undefined;
    if (now && typeof now === 'object' && 'ino' in now) {
      const { dev, ino } = now as Stats;
      if (dev !== this.opened.dev || ino !== this.opened.ino) change = 'replaced';
    } else if (['ENOENT', 'ENOTDIR'].includes(String((now as { code?: unknown } | undefined)?.code))) {
      change = 'deleted';
    }
    if (!change) return;
    this.gone = new PitwallError('PW_ERR_DATABASE_FILE_GONE', { file: this.file, change });
    this.stop();
    this.onGone(this.gone);
  }
}
