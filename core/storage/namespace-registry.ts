import type { Kysely } from 'kysely';

/** Which database, namespace and owner a namespace's Kysely (as Database.namespace handed it out) stands for. */
export interface NamespaceTarget {
  /** The Database that made it: the key its write journal is found by. */
  database: object;
  namespace: string;
  owner: string;
}

const targets = new WeakMap<Kysely<any>, NamespaceTarget>();

/** Called by the Database for every namespace Kysely it hands out. */
export function rememberNamespace(db: Kysely<any>, target: NamespaceTarget): void {
  targets.set(db, target);
}

/** The target of a Kysely made by Database.namespace; undefined for any other (a transaction, a derived one). */
export function namespaceOf(db: Kysely<any>): NamespaceTarget | undefined {
  return targets.get(db);
}
