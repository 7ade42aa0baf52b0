import type { CompiledQuery, Kysely } from '../../core/index.js';

/** Stands for one named value while a query is compiled; found again by identity among the parameters. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * Building a query through Kysely and the namespace's plugins costs more CPU than SQLite takes to run a
 * small indexed one. A query whose shape never changes is therefore compiled once, with stand-ins for its
 * values, and each run binds the new values in the stand-ins' places. If a value is not a plain parameter
 * (the builder branched on it or transformed it), the query is built anew every time instead.
 */
export function reusableQuery<P extends object, R>(db: Kysely<any>, build: (values: P) => { compile(): CompiledQuery<R> }): (values: P) => Promise<R[]> {
  const compile = reusableCompiledQuery(build);
  return async (values) => (await db.executeQuery(compile(values))).rows;
}

/**
 * The same, handing back the compiled query with the values bound, for a caller that runs it itself. Compiled
 * here, not at the first run: the first finish after a start does not pay for Kysely's building on cold code.
 */
export function reusableCompiledQuery<P extends object, R>(build: (values: P) => { compile(): CompiledQuery<R> }): (values: P) => CompiledQuery<R> {
  const compiled = compileWithSlots(build);
  return (values) => {
    if (compiled === null) return build(values).compile();
    const parameters = compiled.places.map((place) => (place instanceof Slot ? values[place.name as keyof P] : place.value));
    return { ...compiled.query, parameters };
  };
}

function compileWithSlots<P extends object, R>(build: (values: P) => { compile(): CompiledQuery<R> }) {
  const slots = new Map<string, Slot>();
  const values = new Proxy({} as P, {
    get: (_target, name) => {
      if (typeof name !== 'string') return undefined;
      if (!slots.has(name)) slots.set(name, new Slot(name));
      return slots.get(name);
    },
  });
  const query = build(values).compile();
  const places = query.parameters.map((parameter) => (parameter instanceof Slot ? parameter : { value: parameter }));
  const used = new Set(places.filter((place): place is Slot => place instanceof Slot));
  return used.size === slots.size ? { query, places } : null;
}
