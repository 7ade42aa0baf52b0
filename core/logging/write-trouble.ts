import { describeFsError } from '../config/data-dir.js';

/** Codes that mean the disk (or the user's quota) is full, not that the path is wrong. */
const FULL = new Set(['ENOSPC', 'EDQUOT']);

export function isDiskFull(error: unknown): boolean {
  return FULL.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** A failed write of a file (it carries the syscall error's code). */
export function isWriteFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * Says once, on the console, that files under DATA_DIR cannot be written (a full disk, above all), and once
 * more when they can again: the log file, report copies and the outbox share one notice, so an outage is
 * two lines, not one per write. Pitwall keeps running and printing meanwhile.
 */
export class WriteTrouble {
  private troubled = false;

  constructor(private readonly say: (message: string) => void) {}

  get active(): boolean {
    return this.troubled;
  }

  failed(path: string, error: unknown): void {
    if (this.troubled) return;
    this.troubled = true;
    const why = isDiskFull(error) ? `DATA_DIR is full: cannot write ${path} (${describeFsError(error)}).` : `Cannot write ${path}: ${describeFsError(error)}.`;
    this.say(`${why} Pitwall keeps running and printing to the console; files are written again once that is fixed (free some space under DATA_DIR).`);
  }

  recovered(path: string, lost: string): void {
    if (!this.troubled) return;
    this.troubled = false;
    this.say(`DATA_DIR can be written again (${path}); ${lost}.`);
  }
}
