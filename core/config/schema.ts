import { validateCronExpression } from 'cron';
import { z } from 'zod';
import { parseDsn } from './dsn.js';

/**
 * The settings schema: every key an owner may set, its type and range, and the fix we suggest when a value
 * is wrong. settings/base.ts holds the defaults; this file holds the rules.
 */

const port = z.number().int().min(0).max(65535);

/** '' (reports stay local) or a DSN that parses. */
const dsn = z.string().superRefine((value, context) => {
  if (value === '') return;
  const parsed = parseDsn(value);
  if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: `is not a valid DSN: it ${parsed}` });
});

export const settingsSchema = z
  .object({
    DEBUG: z.boolean(),
    LOGGING_REPORTING: z.number().int().min(0).max(3),
    ANALYTICS: z.boolean(),
    DEDICATED: z
      .object({
        host: z.string().min(1),
        port,
        user: z.string().min(1),
        password: z.string(),
      })
      .strict(),
    GBX: z
      .object({
        apiVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        requestTimeoutMs: z.number().int().min(100).max(600_000),
        maxRequestBytes: z.number().int().min(1024).max(64 * 1024 * 1024),
        maxResponseBytes: z.number().int().min(1024).max(256 * 1024 * 1024),
      })
      .strict(),
    SANDBOX: z.boolean(),
    SANDBOX_ACTIVITY: z
      .object({
        enabled: z.boolean(),
        intervalMs: z.number().int().min(50).max(3_600_000),
        maxPlayers: z.number().int().min(0).max(1000),
      })
      .strict(),
    APPS: z.array(
      z.union([
        z.string().min(1),
        z
          .object({
            id: z.string().min(1),
            isolation: z.enum(['process', 'worker']).optional(),
            heapMb: z.number().int().min(16).max(65_536).optional(),
          })
          .strict(),
      ]),
    ),
    APP_SETTINGS: z.record(z.string(), z.record(z.string(), z.unknown())),
    APP_HOOK_TIMEOUT_MS: z.number().int().min(100).max(600_000),
    APP_ERROR_BUDGET: z
      .object({
        count: z.number().int().min(1).max(1_000_000),
        seconds: z.number().int().min(1).max(86_400),
      })
      .strict(),
    APP_WORKER_HEAP_MB: z.number().int().min(16).max(65_536),
    APP_RESTART: z
      .object({
        attempts: z.number().int().min(0).max(1000),
        backoffMs: z.number().int().min(0).max(3_600_000),
      })
      .strict(),
    ADMINS: z.array(z.string().min(1)),
    COMMAND_RATE_LIMIT: z
      .object({
        count: z.number().int().min(1).max(10_000),
        seconds: z.number().int().min(1).max(3600),
      })
      .strict(),
    UI_CROWD_PLAYERS: z.number().int().min(0).max(10_000),
    DATA_DIR: z.string().min(1),
    SHUTDOWN_TIMEOUT_MS: z.number().int().min(100).max(120_000),
    DATABASE_URL: z.string(),
    REPORTING_DSN: dsn,
    REPORTING_APP_FEEDS: z.boolean(),
    REPORTING_FEED_DENY: z.array(z.string().min(1)),
    REPORTING_RETENTION_DAYS: z.number().int().min(1).max(3650),
    REPORTING_MAX_PER_MINUTE: z.number().int().min(1).max(10_000),
    REPORTING_BLOCK_MS: z.number().int().min(50).max(600_000),
    REPORTING_HEAP_MB: z.number().int().min(16).max(65_536),
    REPORTING_RSS_MB: z.number().int().min(16).max(262_144),
    REPORTING_EXTERNAL_MB: z.number().int().min(16).max(262_144),
    ANALYTICS_URL: z.string().superRefine((value, context) => {
      if (value !== '' && !/^https?:\/\/[^\s/]+/.test(value)) context.addIssue({ code: 'custom', message: 'must be an http(s) URL or empty' });
    }),
    ANALYTICS_KEY: z.string(),
    ANALYTICS_SCHEDULE: z.string().min(1).superRefine((value, context) => {
      const check = validateCronExpression(value);
      if (!check.valid) context.addIssue({ code: 'custom', message: `is not a cron expression (${check.error?.message ?? 'invalid'})` });
    }),
    DASHBOARD: z
      .object({
        enabled: z.boolean(),
        host: z.string().min(1),
        port,
      })
      .strict(),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsKey = keyof Settings;
export const settingsKeys = Object.keys(settingsSchema.shape) as SettingsKey[];

/** What to tell an owner whose value for this key is wrong. */
export const settingsFixes: Record<SettingsKey, string> = {
  DEBUG: 'set DEBUG to true or false',
  LOGGING_REPORTING: 'set LOGGING_REPORTING to 0, 1, 2 or 3 (0 sends nothing; see docs/privacy.md)',
  ANALYTICS: 'set ANALYTICS to true or false',
  DEDICATED: "set DEDICATED to { host: '127.0.0.1', port: 5000, user: 'SuperAdmin', password: '...' }",
  GBX: "set GBX to { apiVersion: '2023-03-25', requestTimeoutMs: 10000, maxRequestBytes: 2097152, maxResponseBytes: 4194304 }",
  SANDBOX: 'set SANDBOX to true (built-in test server) or false (connect to DEDICATED)',
  SANDBOX_ACTIVITY: 'set SANDBOX_ACTIVITY to { enabled: true, intervalMs: 5000, maxPlayers: 8 }',
  APPS: "set APPS to a list of app names, e.g. ['welcome', 'admin']",
  APP_SETTINGS: "set APP_SETTINGS to an object keyed by app id, e.g. { welcome: { message: 'Hi' } }",
  APP_HOOK_TIMEOUT_MS: 'set APP_HOOK_TIMEOUT_MS to a whole number of milliseconds from 100 to 600000',
  APP_ERROR_BUDGET: 'set APP_ERROR_BUDGET to { count: 50, seconds: 60 }',
  APP_WORKER_HEAP_MB: 'set APP_WORKER_HEAP_MB to a whole number of megabytes from 16 to 65536',
  APP_RESTART: 'set APP_RESTART to { attempts: 3, backoffMs: 1000 } (attempts 0 never restarts)',
  ADMINS: "set ADMINS to a list of the exact player logins that are master admins, e.g. ['my-login']",
  COMMAND_RATE_LIMIT: 'set COMMAND_RATE_LIMIT to { count: 10, seconds: 10 } (chat commands per player within that many seconds)',
  UI_CROWD_PLAYERS: 'set UI_CROWD_PLAYERS to a whole number of players from 0 to 10000 (past it, widgets show one shared page for everyone until the count is back down to it less a tenth, at least 2 less)',
  DATA_DIR: "set DATA_DIR to a folder path, e.g. 'var'",
  SHUTDOWN_TIMEOUT_MS: 'set SHUTDOWN_TIMEOUT_MS to a whole number of milliseconds from 100 to 120000',
  DATABASE_URL: "set DATABASE_URL to '' (embedded SQLite in DATA_DIR) or postgres://user:password@host:5432/database",
  REPORTING_DSN: "set REPORTING_DSN to the DSN your Sentry, GlitchTip or Bugsink project shows (https://<key>@<host>/<project id>), or '' to keep reports local",
  REPORTING_APP_FEEDS: 'set REPORTING_APP_FEEDS to true or false',
  REPORTING_FEED_DENY: "set REPORTING_FEED_DENY to a list of app ids, e.g. ['records']",
  REPORTING_RETENTION_DAYS: 'set REPORTING_RETENTION_DAYS to a whole number of days from 1 to 3650',
  REPORTING_MAX_PER_MINUTE: 'set REPORTING_MAX_PER_MINUTE to a whole number from 1 to 10000',
  REPORTING_BLOCK_MS: 'set REPORTING_BLOCK_MS to a whole number of milliseconds from 50 to 600000',
  REPORTING_HEAP_MB: 'set REPORTING_HEAP_MB to a whole number of megabytes from 16 to 65536',
  REPORTING_RSS_MB: 'set REPORTING_RSS_MB to a whole number of megabytes from 16 to 262144',
  REPORTING_EXTERNAL_MB: 'set REPORTING_EXTERNAL_MB to a whole number of megabytes from 16 to 262144',
  ANALYTICS_URL: "set ANALYTICS_URL to an https URL, or '' to keep pings local",
  ANALYTICS_KEY: 'set ANALYTICS_KEY to the project key of the analytics endpoint',
  ANALYTICS_SCHEDULE: "set ANALYTICS_SCHEDULE to a 6-field cron expression, e.g. '0 0 * * * *'",
  DASHBOARD: "set DASHBOARD to { enabled: true, host: '127.0.0.1', port: 8360 } (port 0 picks a free one; enabled: false turns the web dashboard off)",
};

/**
 * Settings whose values are secrets. Reporting redacts every configured value of these wherever it appears;
 * app settings declared `secret: true` are added by the app host.
 */
export const secretSettingPaths: readonly string[] = ['DEDICATED.password', 'REPORTING_DSN', 'ANALYTICS_KEY', 'DATABASE_URL'];

export function configuredSecrets(settings: Settings): string[] {
  const values: string[] = [];
  for (const path of secretSettingPaths) {
    let value: unknown = settings;
    for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    if (typeof value === 'string' && value.length > 0) values.push(value);
  }
  // The database password on its own too: drivers and servers may quote it without the rest of the URL.
  const databasePassword = urlPassword(settings.DATABASE_URL);
  if (databasePassword) values.push(databasePassword);
  return values;
}

function urlPassword(value: string): string {
  try {
    return value ? decodeURIComponent(new URL(value).password) : '';
  } catch {
    return '';
  }
}

/** DI token for the validated settings. */
export const Settings = Symbol('Settings');
