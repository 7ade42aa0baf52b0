import { KyselyPGlite } from 'kysely-pglite';
import { SqlDatabase, type Database } from '../../core/storage/database.js';

/** PostgreSQL in-process (PGlite, in memory): the PostgreSQL dialect of core/storage without a server. */
export function openPglite(): Database {
  return new SqlDatabase(new KyselyPGlite().dialect, 'postgres', 'PGlite (in memory)');
}
