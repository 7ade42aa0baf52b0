import { join } from 'node:path';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Disposable } from '../disposables.js';
import { isPitwallError, PitwallError } from '../errors.js';
import { isConnectionFault } from './connection-faults.js';
import type { Database } from './database.js';
import { JournalFile, type JournalEntry, type JournalValue } from './journal-file.js';
import type { NamespaceTarget } from './namespace-registry.js';

/** The journal's file name under DATA_DIR. */
export const JOURNAL_FILE = 'database-journal.ndjson';

export interface JournalLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface WriteJournalOptions {
  /** The journal is DATA_DIR/database-journal.ndjson. */
  dataDir: string;
  log: JournalLog;
  /** How often an unreachable database is tried again (default 1 s). */
  retryMs?: number;
  /** At most this many writes wait (default 10,000)... */
  maxWrites?: number;
  /** ...in at most this many bytes of journal (default 64 MiB); further writes fail with PW_ERR_DATABASE_JOURNAL_FULL. */
  maxBytes?: number;
}

/**
 * What became of a write: run now (with the rows its last query returned), or queued for the database's
 * return; `replayed` resolves when the queued write ran ('replayed') or was refused at replay ('dropped').
 */
export type WriteOutcome<R = unknown> = { queued: false; rows: R[] } | { queued: true; replayed: Promise<'replayed' | 'dropped'> };

const journals = new WeakMap<object, WriteJournal>();

/**
 * Opens the write journal of `database` (once; later calls get the same one) and replays what an earlier
 * run left queued, before it returns when the database answers. From then on writes made through
 * `writeOrQueue` on this database's namespaces are queued while it is unreachable.
 */
export async function openWriteJournal(database: Database, options: WriteJournalOptions): Promise<WriteJournal> {
  let journal = journals.get(database);
  if (!journal) {
    journal = new WriteJournal(database, new JournalFile(join(options.dataDir, JOURNAL_FILE)), options);
    journals.set(database, journal);
    await journal.recover();
  }
  return journal;
}

/** The write journal opened for `database`, if any. */
export function journalOf(database: object): WriteJournal | undefined {
  return journals.get(database);
}

/**
 * Writes that could not reach the database, kept on disk in the order they were made and run again, in
 * that order, once it answers. While anything is queued, new writes queue behind it, so order holds.
 * A write runs at least once: one whose connection dropped after the server committed it runs again at
 * replay, so queued writes should be idempotent (an upsert that keeps the better value, a delete + insert).
 */
export class WriteJournal implements Disposable {
  private state: 'up' | 'down' | 'replaying' = 'up';
  private replayed = 0;
  private dropped = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly namespaces = new Map<string, Kysely<any>>();
  private readonly waiting = new Map<number, (result: 'replayed' | 'dropped') => void>();
  private readonly probe: Kysely<any>;
  private readonly retryMs: number;
  private readonly maxWrites: number;
  private readonly maxBytes: number;

  constructor(
    private readonly database: Database,
    private readonly file: JournalFile,
    private readonly options: WriteJournalOptions,
  ) {
    this.probe = database.namespace('pitwall', 'the database write journal');
    this.retryMs = options.retryMs ?? 1000;
    this.maxWrites = options.maxWrites ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  /** Writes waiting for the database. */
  get queued(): number {
    return this.file.pending.length;
  }

  /** Where the journal is kept. */
  get path(): string {
    return this.file.file;
  }

  /** Runs the queries (one transaction when several) through `db`, or queues them when the database is unreachable. */
  async write<R>(target: NamespaceTarget, queries: readonly CompiledQuery[], db: Kysely<any>): Promise<WriteOutcome<R>> {
    const kept = queries.map((query) => ({ sql: query.sql, parameters: journalValues(target.owner, query.parameters) }));
    if (this.state === 'up' && this.queued === 0) {
      try {
        return { queued: false, rows: await runWrite<R>(db, queries) };
      } catch (error) {
        if (this.closed || !isConnectionFault(error) || isPitwallError(error, 'PW_ERR_DATABASE_JOURNAL_FULL')) throw error;
        return { queued: true, ...(await this.enqueue(target, kept, error)) };
      }
    }
    return { queued: true, ...(await this.enqueue(target, kept, undefined)) };
  }

  /** Replays what an earlier run left queued. */
  async recover(): Promise<void> {
    if (this.file.unreadable > 0) this.options.log.warn(`database journal ${this.path}: skipped ${this.file.unreadable} unreadable line(s) (a write cut off by a crash)`);
    // Nothing is created on disk until a write is queued.
    if (this.queued === 0) return this.file.bytes > 0 ? this.file.compact() : undefined;
    this.options.log.info(`database journal: ${plural(this.queued)} queued by an earlier run in ${this.path}; replaying them`);
    this.state = 'down';
    await this.tryReplay();
  }

  async dispose(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.file.close();
  }

  private async enqueue(target: NamespaceTarget, queries: JournalEntry['queries'], cause: unknown): Promise<{ replayed: Promise<'replayed' | 'dropped'> }> {
    if (this.queued >= this.maxWrites || this.file.bytes >= this.maxBytes) {
      const limit = this.queued >= this.maxWrites ? plural(this.queued) : `${Math.round(this.file.bytes / 1024)} KiB of writes`;
      throw new PitwallError('PW_ERR_DATABASE_JOURNAL_FULL', { owner: target.owner, where: this.database.where, file: this.path, limit }, { cause });
    }
    const { seq, written } = this.file.append({ namespace: target.namespace, owner: target.owner, at: new Date().toISOString(), queries });
    const replayed = new Promise<'replayed' | 'dropped'>((resolve) => this.waiting.set(seq, resolve));
    if (this.state === 'up') {
      this.state = 'down';
      this.options.log.warn(`database unreachable: ${plural(this.queued)} queued in ${this.path} (${this.database.where}: ${reasonOf(cause)}); replayed in order when it answers`);
      this.retryLater();
    }
    try {
      await written;
    } catch (error) {
      this.waiting.delete(seq);
      throw error;
    }
    return { replayed };
  }

  private retryLater(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tryReplay();
    }, this.retryMs);
    this.timer.unref();
  }

  /** Runs the queued writes in order once the database answers; back to waiting if it goes away again. */
  private async tryReplay(): Promise<void> {
    if (this.closed || this.state !== 'down') return;
    this.state = 'replaying';
    try {
      await sql`select 1`.execute(this.probe);
      let sinceSync = 0;
      while (this.queued > 0 && !this.closed) {
        const entry = this.file.pending[0]!;
        let result: 'replayed' | 'dropped' = 'replayed';
        try {
          await runWrite(this.namespaceDb(entry), entry.queries.map((query) => CompiledQuery.raw(query.sql, query.parameters)));
          this.replayed++;
        } catch (error) {
          if (isConnectionFault(error)) throw error;
          // It can never succeed (the table changed, a constraint refuses it): holding it would hold every later write.
          result = 'dropped';
          this.dropped++;
          this.options.log.error(`database journal: a write queued by ${entry.owner} at ${entry.at} failed when replayed and is dropped: ${(error as Error).message}`);
        }
        // Synced every 100 and at the end: a crash in between runs a few writes again, which they bear.
        const sync = this.queued === 1 || ++sinceSync % 100 === 0;
        await this.file.markDone(entry.seq, sync);
        this.waiting.get(entry.seq)?.(result);
        this.waiting.delete(entry.seq);
      }
    } catch (error) {
      if (!isConnectionFault(error)) this.options.log.error(`database journal: replaying stopped: ${(error as Error).message}`);
      this.state = 'down';
      this.retryLater();
      return;
    }
    if (this.closed) return;
    this.state = 'up';
    const dropped = this.dropped > 0 ? `, ${this.dropped} dropped (logged above)` : '';
    const replayed = this.replayed;
    this.replayed = 0;
    this.dropped = 0;
    await this.file.compact().catch((error: unknown) => this.options.log.warn(`database journal: could not empty ${this.path}: ${(error as Error).message}`));
    this.options.log.info(`database back: ${plural(replayed)} replayed${dropped}`);
  }

  private namespaceDb(entry: JournalEntry): Kysely<any> {
    const key = `${entry.namespace}\u0000${entry.owner}`;
    let db = this.namespaces.get(key);
    if (!db) this.namespaces.set(key, (db = this.database.namespace(entry.namespace, entry.owner)));
    return db;
  }
}

/** Runs the queries in order, in one transaction when there are several; the rows of the last. */
export async function runWrite<R>(db: Kysely<any>, queries: readonly CompiledQuery[]): Promise<R[]> {
  if (queries.length === 0) return [];
  if (queries.length === 1) return (await db.executeQuery<R>(queries[0]!)).rows;
  return db.transaction().execute(async (trx) => {
    let rows: R[] = [];
    for (const query of queries) rows = (await trx.executeQuery<R>(query)).rows;
    return rows;
  });
}

/** The query's parameters as the journal keeps them; throws PW_ERR_DATABASE_JOURNAL_VALUE for one it cannot. */
export function journalValues(owner: string, parameters: readonly unknown[]): JournalValue[] {
  return parameters.map((value, index) => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new PitwallError('PW_ERR_DATABASE_JOURNAL_VALUE', { owner, index: index + 1, kind: kindOf(value) });
  });
}

function kindOf(value: unknown): string {
  if (typeof value === 'number') return `the number ${value}`;
  if (value instanceof Date) return 'a Date';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 'binary data';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  return `a ${typeof value}`;
}

function reasonOf(error: unknown): string {
  if (isPitwallError(error, 'PW_ERR_DATABASE_UNAVAILABLE')) return error.details.reason;
  return error instanceof Error ? error.message : String(error);
}

function plural(count: number): string {
  return `${count} ${count === 1 ? 'write' : 'writes'}`;
}
