import { mkdirSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PitwallError } from '../errors.js';

/** A value the journal keeps exactly: what a query binds, as JSON can hold it. */
export type JournalValue = string | number | boolean | null;

/** One queued write: its queries run in one transaction, in the namespace they were compiled for. */
export interface JournalEntry {
  seq: number;
  namespace: string;
  owner: string;
  /** When the write was made (ISO 8601). */
  at: string;
  queries: { sql: string; parameters: JournalValue[] }[];
}

/**
 * The journal on disk: one JSON line per queued write, and a `{"done":seq}` line once it ran. Appends are
 * fsync'd before they count as kept, in the order they were asked for; a line torn by a crash is skipped on
 * reading. Emptied once nothing is pending, so it only grows during an outage.
 */
export class JournalFile {
  private readonly entries: JournalEntry[] = [];
  private nextSeq = 1;
  private size = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private handle?: Promise<FileHandle>;
  /** Lines that could not be read when the file was opened (a torn last line after a crash). */
  readonly unreadable: number;

  constructor(readonly file: string) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(file, error);
    }
    this.size = Buffer.byteLength(text);
    const queued = new Map<number, JournalEntry>();
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: Partial<JournalEntry> & { done?: number };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        unreadable++;
        continue;
      }
      if (typeof record.done === 'number') queued.delete(record.done);
      else if (typeof record.seq === 'number' && Array.isArray(record.queries)) queued.set(record.seq, record as JournalEntry);
      else unreadable++;
      this.nextSeq = Math.max(this.nextSeq, (record.seq ?? record.done ?? 0) + 1);
    }
    this.entries.push(...[...queued.values()].sort((a, b) => a.seq - b.seq));
    this.unreadable = unreadable;
  }

  /** Writes waiting to run, oldest first. */
  get pending(): readonly JournalEntry[] {
    return this.entries;
  }

  /** Bytes on disk (or about to be). */
  get bytes(): number {
    return this.size;
  }

  /** Queues a write: its place in the order is taken now, synchronously; `written` resolves once it is on disk. */
  append(write: Omit<JournalEntry, 'seq'>): { seq: number; written: Promise<void> } {
    const entry: JournalEntry = { seq: this.nextSeq++, ...write };
    this.entries.push(entry);
    const written = this.writeLine(JSON.stringify(entry), true).catch((error: unknown) => {
      // Not on disk, so not kept: the caller hears of it and it must not run later as if it were.
      const index = this.entries.indexOf(entry);
      if (index >= 0) this.entries.splice(index, 1);
      throw error;
    });
    return { seq: entry.seq, written };
  }

  /** Marks the oldest pending write as run. `sync`: wait for the disk (else the next synced line carries it). */
  markDone(seq: number, sync: boolean): Promise<void> {
    const index = this.entries.findIndex((entry) => entry.seq === seq);
    if (index >= 0) this.entries.splice(index, 1);
    return this.writeLine(JSON.stringify({ done: seq }), sync);
  }

  /** Empties the file when nothing is pending by the time the earlier lines are written. */
  compact(): Promise<void> {
    return this.serially(async (handle) => {
      if (this.entries.length > 0) return;
      await handle.truncate(0);
      await handle.datasync();
      this.size = 0;
    });
  }

  async close(): Promise<void> {
    await this.tail.catch(() => undefined);
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }

  private writeLine(line: string, sync: boolean): Promise<void> {
    const bytes = `${line}\n`;
    this.size += Buffer.byteLength(bytes);
    return this.serially(async (handle) => {
      await handle.appendFile(bytes, 'utf8');
      if (sync) await handle.datasync();
    });
  }

  /** Every file operation runs after the ones asked for before it. */
  private serially(work: (handle: FileHandle) => Promise<void>): Promise<void> {
    const run = this.tail.then(async () => {
      try {
        await work(await this.opened());
      } catch (error) {
        throw fileError(this.file, error);
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private opened(): Promise<FileHandle> {
    this.handle ??= (async () => {
      mkdirSync(dirname(this.file), { recursive: true });
      return open(this.file, 'a');
    })().catch((error: unknown) => {
      this.handle = undefined;
      throw error;
    });
    return this.handle;
  }
}

function fileError(file: string, error: unknown): PitwallError {
  if (error instanceof PitwallError) return error;
  return new PitwallError('PW_ERR_DATABASE_JOURNAL_FILE', { file, reason: (error as Error).message }, { cause: error });
}
