import { PitwallError } from '../errors.js';
import type { AppSettingSpec, AppSettingsSpec } from './define.js';

/**
 * Merges the owner's APP_SETTINGS['<id>'] over the app's declared defaults and checks every value.
 * Throws PW_ERR_APP_SETTINGS listing every problem, so the owner can fix them in one go.
 */
export function resolveAppSettings(id: string, spec: AppSettingsSpec, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(spec)) {
    const value = given && Object.hasOwn(given, key) ? given[key] : setting.default;
    const problem = checkValue(setting, value);
    if (problem) problems.push(`${key} ${problem}. Fix: set APP_SETTINGS['${id}'].${key} to ${example(setting)}, or remove it to use the default.`);
    values[key] = Array.isArray(value) ? [...value] : value;
  }
  for (const key of Object.keys(given ?? {})) {
    if (!Object.hasOwn(spec, key)) {
      const known = Object.keys(spec);
      problems.push(
        `${key} is not a setting of this app (known: ${known.length ? known.join(', ') : 'none'}). ` +
          `Fix: remove APP_SETTINGS['${id}'].${key} or check its spelling.`,
      );
    }
  }
  if (problems.length) throw new PitwallError('PW_ERR_APP_SETTINGS', { id, problems });
  return Object.freeze(values);
}

/** The values of settings declared secret, for redaction. */
export function secretAppSettingValues(spec: AppSettingsSpec, values: Record<string, unknown>): string[] {
  return Object.entries(spec)
    .filter(([key, setting]) => setting.type === 'string' && setting.secret && typeof values[key] === 'string' && values[key] !== '')
    .map(([key]) => values[key] as string);
}

/** What is wrong with `value` for this setting (e.g. "must be at most 50, got 80"), or undefined when it is valid. */
export function checkValue(setting: AppSettingSpec, value: unknown): string | undefined {
  switch (setting.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? undefined
        : `must be a list of strings, got ${describe(value)}`;
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number, got ${describe(value)}`;
      if (setting.type === 'integer' && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
      if (setting.min !== undefined && value < setting.min) return `must be at least ${setting.min}, got ${value}`;
      if (setting.max !== undefined && value > setting.max) return `must be at most ${setting.max}, got ${value}`;
      return undefined;
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list with a non-string item';
  return `${typeof value} ${JSON.stringify(value) ?? String(value)}`.slice(0, 80);
}

/** The kind of value a setting expects, for messages: "a whole number >= 1 and <= 50". */
export function example(setting: AppSettingSpec): string {
  switch (setting.type) {
    case 'string':
      return 'a text in quotes';
    case 'boolean':
      return 'true or false';
    case 'string[]':
      return "a list like ['a', 'b']";
    default: {
      const range = [setting.min !== undefined ? `>= ${setting.min}` : '', setting.max !== undefined ? `<= ${setting.max}` : '']
        .filter(Boolean)
        .join(' and ');
      return `a ${setting.type === 'integer' ? 'whole number' : 'number'}${range ? ` ${range}` : ''}`;
    }
  }
}

/**
 * A value typed in chat or on the command line, read as the setting's type: numbers and true/false as such,
 * a list as comma-separated items (or JSON), a text as it is. The result still has to pass checkValue.
 */
export function parseSettingText(setting: AppSettingSpec, text: string): unknown {
  const trimmed = text.trim();
  switch (setting.type) {
    case 'string':
      return text;
    case 'boolean':
      return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    case 'number':
    case 'integer':
      return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
    case 'string[]': {
      if (trimmed.startsWith('[')) {
        try {
          return JSON.parse(trimmed) as unknown;
        } catch {
          return trimmed;
        }
      }
      return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim()).filter(Boolean);
    }
  }
}
