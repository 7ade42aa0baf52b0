/**
 * Settings are built from layers (base file, override file, environment). Each layer is merged into the
 * result and every value remembers where it came from, so an error can name its source.
 */

export type PlainObject = Record<string, unknown>;
export type Sources = Map<string, string>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function pathKey(path: readonly (string | number)[]): string {
  let key = '';
  for (const part of path) key += typeof part === 'number' ? `[${part}]` : key === '' ? part : `.${part}`;
  return key;
}

/** Deep-merges plain objects (arrays and other values replace), recording `source` for every value set. */
export function mergeLayer(target: PlainObject, layer: PlainObject, source: string, sources: Sources, path: string[] = []): void {
  for (const [key, value] of Object.entries(layer)) {
    const childPath = [...path, key];
    if (isPlainObject(value) && isPlainObject(target[key])) {
      mergeLayer(target[key] as PlainObject, value, source, sources, childPath);
    } else {
      target[key] = isPlainObject(value) ? structuredClone(value) : value;
      sources.set(pathKey(childPath), source);
    }
  }
}

/** Where the value at `path` came from: the most specific recorded source, or its parent's. */
export function sourceOf(sources: Sources, path: readonly (string | number)[]): string {
  for (let length = path.length; length > 0; length--) {
    const source = sources.get(pathKey(path.slice(0, length)));
    if (source) return source;
  }
  return 'settings/base.ts';
}

/** The key of `object` that matches `name` ignoring case, so PITWALL_DEDICATED__PORT finds DEDICATED.port. */
export function matchKey(object: unknown, name: string): string | undefined {
  if (!isPlainObject(object)) return undefined;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}
