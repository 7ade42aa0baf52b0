/**
 * Where an import writes: the tables of the bundled apps that own each kind of row (records, stats, karma),
 * migrated by the apps' own migrations so an import into a fresh database finds the same tables the apps
 * will, and the importer's own namespace for what no app owns (map names, and which play time came from
 * which source, so importing again adds nothing twice).
 */
import type { Kysely } from 'kysely';
import { openAppDatabase } from '../apps/app-database.js';
import { BUNDLED_APPS_FOLDER, loadApp } from '../apps/load.js';
import type { Database, NamedMigration } from '../storage/database.js';

/** The importer's namespace: core data, shared by every server on the same database. */
export const IMPORT_NAMESPACE = 'core_import';

export interface ImportLedgerTables {
  /** Every map an import saw, with the name and author its source gave. */
  maps: { uid: string; name: string; author: string; source: string; removed: number };
  /** The play time each source gave each player on this server, in seconds: a second import adds only what grew. */
  play_time: { source: string; server: string; login: string; seconds: number };
}

/** The rows of the apps' tables an import writes, as their first migrations create them. */
export interface AppTables {
  records: { map_uid: string; login: string; nick_name: string; time: number; checkpoints: string; driven_at: string; server_login: string };
  players: { server: string; login: string; nick_name: string; play_ms: number; finishes: number; first_seen: string; last_seen: string };
  votes: { map_uid: string; login: string; vote: number; at: string };
}

const migrations: NamedMigration[] = [
  {
    name: '001-create-maps-and-play-time',
    async up(db) {
      await db.schema
        .createTable('maps')
        .addColumn('uid', 'text', (column) => column.notNull().primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('author', 'text', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('removed', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('play_time')
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('server', 'text', (column) => column.notNull())
        .addColumn('login', 'text', (column) => column.notNull())
        .addColumn('seconds', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('play_time_pk', ['source', 'server', 'login'])
        .execute();
    },
  },
];

export interface ImportTarget {
  readonly records: Kysely<Pick<AppTables, 'records'>>;
  readonly stats: Kysely<Pick<AppTables, 'players'>>;
  readonly karma: Kysely<Pick<AppTables, 'votes'>>;
  readonly ledger: Kysely<ImportLedgerTables>;
}

/** The apps whose tables an import fills, by the namespace key the target uses. */
const OWNERS = { records: 'records', stats: 'stats', karma: 'karma' } as const;

/**
 * Opens the import's tables on `database`, running each owning app's migrations first (the bundled app's own
 * definition is loaded for them, so the tables are exactly those the app makes).
 */
export async function openImportTarget(database: Database): Promise<ImportTarget> {
  const scoped: Record<string, Kysely<any>> = {};
  for (const [key, id] of Object.entries(OWNERS)) {
    const { definition } = await loadApp(id, { bundledFolder: BUNDLED_APPS_FOLDER, cwd: process.cwd() });
    scoped[key] = (await openAppDatabase(database, id, definition.database!)).db();
  }
  await database.migrate(IMPORT_NAMESPACE, 'pitwall import', migrations);
  return { records: scoped.records!, stats: scoped.stats!, karma: scoped.karma!, ledger: database.namespace<ImportLedgerTables>(IMPORT_NAMESPACE, 'pitwall import') };
}
