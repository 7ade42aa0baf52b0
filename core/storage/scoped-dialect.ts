import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { PitwallError } from '../errors.js';
import { isConnectionError } from './connection-faults.js';

/** Who a Kysely instance queries for, named in every error its queries raise. */
export interface QueryOwner {
  /** e.g. "app 'records'" */
  label: string;
  /** The target without secrets, e.g. "PostgreSQL at db.local:5432/pitwall". */
  where: string;
}

/**
 * A dialect over a driver that is shared by every namespace (one pool, one SQLite handle): each namespace
 * gets its own Kysely, so a failing query is rethrown as a PitwallError naming its owner and the target,
 * never the connection string. Destroying one of these leaves the shared driver open.
 */
export function scopedDialect(base: Dialect, shared: SharedDriver, owner: QueryOwner): Dialect {
  return {
    createAdapter: () => base.createAdapter(),
    createQueryCompiler: () => base.createQueryCompiler(),
    createIntrospector: (db) => base.createIntrospector(db),
    createDriver: () => new ScopedDriver(shared, owner),
  };
}

/** The one real driver, initialised once however many namespaces use it. */
export class SharedDriver {
  private initialised?: Promise<void>;

  constructor(readonly driver: Driver) {}

  init(): Promise<void> {
    this.initialised ??= this.driver.init();
    return this.initialised;
  }
}

class ScopedDriver implements Driver {
  private readonly inner = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly shared: SharedDriver,
    private readonly owner: QueryOwner,
  ) {}

  init(): Promise<void> {
    return this.shared.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.guard(() => this.shared.driver.acquireConnection());
    const scoped: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery) => this.guard(() => connection.executeQuery<R>(query)) as Promise<QueryResult<R>>,
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
    };
    this.inner.set(scoped, connection);
    return scoped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guard(() => this.shared.driver.beginTransaction(this.unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guard(() => this.shared.driver.commitTransaction(this.unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guard(() => this.shared.driver.rollbackTransaction(this.unwrap(connection)));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guard(() => this.shared.driver.savepoint!(this.unwrap(connection), name, compile));
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guard(() => this.shared.driver.rollbackToSavepoint!(this.unwrap(connection), name, compile));
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guard(() => this.shared.driver.releaseSavepoint!(this.unwrap(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.releaseConnection(this.unwrap(connection));
  }

  /** The shared driver is closed by its Database, not by one namespace. */
  async destroy(): Promise<void> {}

  private unwrap(connection: DatabaseConnection): DatabaseConnection {
    return this.inner.get(connection) ?? connection;
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw describeQueryError(error, this.owner);
    }
  }
}

export function describeQueryError(error: unknown, owner: QueryOwner): PitwallError {
  if (error instanceof PitwallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // The connection itself is gone (the pool replaces it on the next query).
  if (isConnectionError(error)) {
    return new PitwallError('PW_ERR_DATABASE_UNAVAILABLE', { owner: owner.label, where: owner.where, reason: message }, { cause: error });
  }
  return new PitwallError('PW_ERR_DATABASE_QUERY', { owner: owner.label, where: owner.where, message }, { cause: error });
}
