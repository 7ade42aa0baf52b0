import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { KyselyPGlite } from 'kysely-pglite';
import { SqlDatabase, type Database } from '../../core/storage/database.js';

/** What node-postgres' pool throws when the server refuses the connection (net's connect error). */
export function refusedError(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5432 });
}

/** What a node-postgres Client throws for a query on a connection the server closed (it sets no code). */
export function terminatedError(): Error {
  return new Error('Connection terminated unexpectedly');
}

/**
 * PostgreSQL in process (PGlite) whose connection can be cut: while cut, new connections are refused and
 * queries on open ones fail as node-postgres fails them when the server goes away. The data stays.
 */
export class CuttablePglite {
  readonly pglite = new KyselyPGlite();
  private isCut = false;

  /** A Database over it (several may share the one PGlite, as controllers share a server). */
  open(): Database {
    return new SqlDatabase(this.dialect(), 'postgres', 'PostgreSQL at 127.0.0.1:5432/pitwall');
  }

  close(): Promise<void> {
    return this.pglite.client.close();
  }

  cut(): void {
    this.isCut = true;
  }

  restore(): void {
    this.isCut = false;
  }

  private dialect(): Dialect {
    const base = this.pglite.dialect;
    return {
      createAdapter: () => base.createAdapter(),
      createQueryCompiler: () => base.createQueryCompiler(),
      createIntrospector: (db) => base.createIntrospector(db),
      createDriver: () => new CuttableDriver(base.createDriver(), () => this.isCut),
    };
  }
}

class CuttableDriver implements Driver {
  private readonly inner = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly driver: Driver,
    private readonly isCut: () => boolean,
  ) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.isCut()) throw refusedError();
    const connection = await this.driver.acquireConnection();
    const cuttable: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        if (this.isCut()) throw terminatedError();
        return connection.executeQuery<R>(query);
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
    };
    this.inner.set(cuttable, connection);
    return cuttable;
  }

  // Through the cuttable connection, so that BEGIN and COMMIT fail too while cut.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.driver.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.commitTransaction(connection);
  }

  /** A server rolls back what a lost connection left open: so does this one, cut or not, then says it is gone. */
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.driver.rollbackTransaction(this.inner.get(connection) ?? connection);
    if (this.isCut()) throw terminatedError();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(this.inner.get(connection) ?? connection);
  }

  /** The PGlite instance outlives each Database over it: CuttablePglite.close() ends it. */
  async destroy(): Promise<void> {}
}
