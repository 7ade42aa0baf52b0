import { isCompilable, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import { namespaceOf } from './namespace-registry.js';
import { journalOf, journalValues, runWrite, type WriteOutcome } from './write-journal.js';

/**
 * A write that must survive a database outage: the queries run in order (in one transaction when there are
 * several) through `db`, a namespace's Kysely such as ctx.db; when the database is unreachable they are kept
 * in the write journal under DATA_DIR instead, and run in order when it answers again (`{ queued: true }`).
 * Any other error is thrown as usual. Without a journal (none opened, or `db` not a namespace's own Kysely,
 * e.g. a transaction) the write simply runs. Parameters must be strings, numbers, booleans or null.
 */
export async function writeOrQueue<R = unknown>(db: Kysely<any>, queries: readonly (Compilable<any> | CompiledQuery<any>)[]): Promise<WriteOutcome<R>> {
  const compiled = queries.map((query) => (isCompilable(query) ? query.compile() : query));
  const target = namespaceOf(db);
  const journal = target && journalOf(target.database);
  if (journal) return journal.write<R>(target, compiled, db);
  // Checked here too, so a value the journal could not keep shows up before the first outage does.
  for (const query of compiled) journalValues(target?.owner ?? 'this write', query.parameters);
  return { queued: false, rows: await runWrite<R>(db, compiled) };
}
