import { setTimeout as delay } from 'node:timers/promises';
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult, type SqliteStatement } from 'kysely';
import { PitwallError } from '../errors.js';
import { sqliteErrorCode, type SqliteHandle } from './sqlite-engine.js';
import type { SqliteFileWatch } from './sqlite-file-watch.js';

/**
 * How long SQLite itself may wait for another process's lock, synchronously, on the event loop. Kept far
 * below the smallest REPORTING_BLOCK_MS / 10 (5 ms): a longer wait is done by retrying later, asynchronously.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 4;
/** Retries of a locked write back off up to this pause, so a long lock costs a few wake-ups a second. */
const MAX_RETRY_PAUSE_MS = 200;
/** A write still locked out after this long fails with PW_ERR_DATABASE_LOCKED. */
export const SQLITE_LOCK_GIVE_UP_MS = 300_000;
/** Prepared statements kept for reuse, oldest dropped first. */
const STATEMENT_CACHE_SIZE = 200;

export interface SqliteDriverOptions {
  /** The database file, named in errors. */
  file: string;
  /** Watches the file: once it was deleted or replaced, writes are refused with its error. */
  watch?: Pick<SqliteFileWatch, 'problem' | 'checkNow' | 'stop'>;
  lockGiveUpMs?: number;
}

/**
 * A Kysely driver over one SQLite handle that never makes the event loop wait for another process's lock:
 * SQLite's own busy wait is a few milliseconds, and a statement that still finds the database locked is
 * retried after a pause, asynchronously, until the lock goes. Transactions start with BEGIN IMMEDIATE so the
 * write lock is taken (and waited for) at the start, never half way through, where a retry could not help.
 * While a write waits, reads go on (WAL readers need no lock) and later writes wait behind it, in order.
 */
export class SqliteDriver implements Driver {
  private readonly connection: LockPatientConnection;
  private readonly mutex = new Mutex();

  constructor(handle: SqliteHandle, private readonly options: SqliteDriverOptions) {
    this.connection = new LockPatientConnection(handle, this.mutex, options);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.options.watch?.stop();
    this.connection.close();
  }
}

class LockPatientConnection implements DatabaseConnection {
  private readonly cache = new Map<string, SqliteStatement>();
  private closed = false;
  /** Settles when the write now waiting for another process's lock has gone through (or given up). */
  private waitingWrite?: Promise<void>;

  constructor(
    private readonly handle: SqliteHandle,
    private readonly mutex: Mutex,
    private readonly options: SqliteDriverOptions,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const write = !SelectQueryNode.is(query.query);
    // Writes keep their order: one that comes while an earlier one waits for the lock queues behind it.
    while (write && this.waitingWrite && !this.handle.inTransaction()) await this.yieldUntil(this.waitingWrite);
    const giveUpMs = this.options.lockGiveUpMs ?? SQLITE_LOCK_GIVE_UP_MS;
    const giveUpAt = Date.now() + giveUpMs;
    let done: (() => void) | undefined;
    try {
      for (let attempt = 0; ; attempt += 1) {
        if (this.closed) throw new Error('the database was closed');
        // One stat per write (a few microseconds) so that none lands in a file deleted since the last look.
        const refusal = write ? (this.handle.inTransaction() ? this.options.watch?.problem() : this.options.watch?.checkNow()) : undefined;
        if (refusal) throw refusal;
        try {
          return this.run<R>(query);
        } catch (error) {
          if (sqliteErrorCode(error) !== 'SQLITE_BUSY') throw this.refusalFor(error) ?? error;
          if (Date.now() >= giveUpAt) throw new PitwallError('PW_ERR_DATABASE_LOCKED', { file: this.options.file, seconds: Math.round(giveUpMs / 1000) }, { cause: error });
        }
        const pause = delay(Math.min(2 ** attempt, MAX_RETRY_PAUSE_MS));
        if (this.handle.inTransaction()) {
          // Inside a transaction nothing else may run on this handle: wait holding it.
          await pause;
          continue;
        }
        if (write && !done) this.waitingWrite = new Promise<void>((resolve) => (done = resolve));
        await this.yieldUntil(pause);
      }
    } finally {
      if (done) {
        this.waitingWrite = undefined;
        done();
      }
    }
  }

  /** Lets other queries use the handle until `event`, then takes it back. */
  private async yieldUntil(event: Promise<unknown>): Promise<void> {
    this.mutex.unlock();
    try {
      await event;
    } finally {
      await this.mutex.lock();
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
    for (const row of this.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.handle.close();
  }

  private run<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.prepare(query.sql);
    if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /**
   * Kysely prepares every query anew; preparing costs as much as running a small indexed query, and apps run
   * the same few queries all the time. Reusing statements is safe: one query runs at a time per handle.
   */
  private prepare(text: string): SqliteStatement {
    let statement = this.cache.get(text);
    if (!statement) {
      statement = this.handle.prepare(text);
      if (this.cache.size >= STATEMENT_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(text, statement);
    }
    return statement;
  }

  /** SQLite itself refuses writes once the file was moved or deleted (SQLITE_READONLY_DBMOVED): say why. */
  private refusalFor(error: unknown): PitwallError | undefined {
    const code = (error as { code?: unknown; errcode?: unknown }) ?? {};
    const moved = code.code === 'SQLITE_READONLY_DBMOVED' || code.errcode === 1032;
    return moved ? this.options.watch?.checkNow() : undefined;
  }
}

/** One query (or transaction) at a time on the one handle. */
class Mutex {
  private held?: Promise<void>;
  private release?: () => void;

  async lock(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  unlock(): void {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }
}
