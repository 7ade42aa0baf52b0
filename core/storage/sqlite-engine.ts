import { createRequire } from 'node:module';
import type { SqliteStatement } from 'kysely';

/**
 * One SQLite connection, whichever library opened it: the few calls Pitwall makes, with Kysely's statement
 * shape (`reader` says whether the statement returns rows).
 */
export interface SqliteHandle {
  /** Which library this is, for messages and benchmarks: "better-sqlite3 13.2.0". */
  readonly engine: string;
  exec(text: string): void;
  prepare(text: string): SqliteStatement;
  /** Whether a transaction is open (SQLite is not in autocommit mode). */
  inTransaction(): boolean;
  close(): void;
}

/**
 * The libraries Pitwall can run on. On Node 22 and later a driver with no ObjectWrap finalizer and nothing to
 * compile at install: better-sqlite3 12's statement finalizer aborts the process when an idle GC runs on
 * Node 24.19+ or 26 (node::RemoveEnvironmentCleanupHook). Node 20 has neither of those, so it keeps
 * better-sqlite3 12, installed under the alias `better-sqlite3-node20` and loaded only there.
 */
export type SqliteEngineName = 'better-sqlite3' | 'node:sqlite' | 'better-sqlite3-node20';

const require = createRequire(import.meta.url);

/** The engine this Node runs. */
export function defaultSqliteEngine(nodeVersion = process.versions.node): SqliteEngineName {
  return Number(nodeVersion.split('.')[0]) < 22 ? 'better-sqlite3-node20' : 'better-sqlite3';
}

/** Opens `file` (':memory:' for a private in-memory database) with `engine`. Throws the library's own errors. */
export function openSqliteHandle(file: string, engine: SqliteEngineName = defaultSqliteEngine()): SqliteHandle {
  return engine === 'node:sqlite' ? openNodeSqlite(file) : openBetterSqlite(file, engine);
}

interface BetterSqliteModule {
  new (file: string): { exec(text: string): void; prepare(text: string): SqliteStatement; readonly inTransaction: boolean; close(): void };
}

function openBetterSqlite(file: string, module: 'better-sqlite3' | 'better-sqlite3-node20'): SqliteHandle {
  const Database = require(module) as BetterSqliteModule;
  const version = (require(`${module}/package.json`) as { version: string }).version;
  const db = new Database(file);
  return {
    engine: `better-sqlite3 ${version}`,
    exec: (text) => void db.exec(text),
    prepare: (text) => db.prepare(text),
    inTransaction: () => db.inTransaction,
    close: () => db.close(),
  };
}

/** The part of Node's built-in `node:sqlite` (22.13+) used here; Node 20's type definitions have none of it. */
interface NodeSqliteStatement {
  all(...parameters: unknown[]): Record<string, unknown>[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<Record<string, unknown>>;
  columns(): unknown[];
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string) => { exec(text: string): void; prepare(text: string): NodeSqliteStatement; readonly isTransaction: boolean; close(): void };
}

function openNodeSqlite(file: string): SqliteHandle {
  const { DatabaseSync } = require('node:sqlite') as NodeSqliteModule;
  const db = new DatabaseSync(file);
  return {
    engine: `node:sqlite ${process.versions.sqlite ?? ''}`.trim(),
    exec: (text) => db.exec(text),
    prepare(text) {
      const statement = db.prepare(text);
      // Rows come with a null prototype; callers compare and spread them as plain objects.
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...parameters).map((row) => ({ ...row })),
        run: (parameters) => statement.run(...parameters),
        iterate: (parameters) => (function* () {
          for (const row of statement.iterate(...parameters)) yield { ...row };
        })(),
      };
    },
    inTransaction: () => db.isTransaction,
    close: () => db.close(),
  };
}

/** SQLite's primary result code of an error from either library ('SQLITE_BUSY', 'SQLITE_NOTADB'...), if any. */
export function sqliteErrorCode(error: unknown): string | undefined {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  if (typeof errcode === 'number') return PRIMARY_CODES[errcode & 0xff];
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    // better-sqlite3 names the extended code (SQLITE_BUSY_SNAPSHOT): keep the primary part.
    return Object.values(PRIMARY_CODES).find((name) => code === name || code.startsWith(`${name}_`)) ?? code;
  }
  return undefined;
}

const PRIMARY_CODES: Record<number, string> = { 5: 'SQLITE_BUSY', 8: 'SQLITE_READONLY', 11: 'SQLITE_CORRUPT', 14: 'SQLITE_CANTOPEN', 26: 'SQLITE_NOTADB' };
