import { matchKey, type PlainObject } from './layers.js';

/** Environment variables that configure Pitwall itself rather than naming a setting. */
const RESERVED = new Set(['PITWALL_SETTINGS']);
const PREFIX = 'PITWALL_';

export interface EnvOverride {
  /** The environment variable, e.g. PITWALL_DEDICATED__PORT. */
  variable: string;
  /** The settings path it sets, e.g. ['DEDICATED', 'port']. */
  path: string[];
  value: unknown;
}

/** JSON when it parses (numbers, booleans, arrays, objects), else the raw string. */
export function parseEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Reads PITWALL_<KEY> variables. Nested keys use `__`; each part is matched against the existing settings
 * ignoring case (top-level keys are upper case, nested ones keep the case used in settings/base.ts).
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv, current: PlainObject): EnvOverride[] {
  const overrides: EnvOverride[] = [];
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(PREFIX) || RESERVED.has(variable) || raw === undefined) continue;
    const parts = variable.slice(PREFIX.length).split('__');
    const path: string[] = [];
    let cursor: unknown = current;
    for (const [index, part] of parts.entries()) {
      const key = matchKey(cursor, part) ?? (index === 0 ? part.toUpperCase() : part.toLowerCase());
      path.push(key);
      cursor = (cursor as PlainObject | undefined)?.[key];
    }
    overrides.push({ variable, path, value: parseEnvValue(raw) });
  }
  return overrides;
}

/** Turns one override into a one-value layer, e.g. { DEDICATED: { port: 5001 } }. */
export function overrideAsLayer(override: EnvOverride): PlainObject {
  let layer: unknown = override.value;
  for (let index = override.path.length - 1; index >= 0; index--) layer = { [override.path[index]!]: layer };
  return layer as PlainObject;
}
