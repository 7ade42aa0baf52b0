import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import type { AppDatabase } from './define.js';

/** Each app's tables live in a namespace of its own: a PostgreSQL schema, or a table prefix on SQLite. */
export function appNamespace(id: string): string {
  return `app_${id}`;
}

/**
 * Runs the app's pending migrations, then hands back its namespaced query builder (errors name the app), made
 * on the first call: building one costs more than the start of an app that never queries.
 */
export async function openAppDatabase(database: Database, id: string, declared: AppDatabase): Promise<{ db: () => Kysely<unknown>; applied: string[] }> {
  const owner = `app '${id}'`;
  const applied = await database.migrate(appNamespace(id), owner, declared.migrations);
  let db: Kysely<unknown> | undefined;
  return { db: () => (db ??= database.namespace(appNamespace(id), owner)), applied };
}
