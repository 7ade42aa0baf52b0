/**
 * The one table of what an error report holds at each LOGGING_REPORTING level. The report builder copies a
 * field into a report only when this table admits it at the configured level, so each level is a strict
 * superset of the one below; docs/privacy.md is generated from this table.
 */

export type ReportingLevel = 0 | 1 | 2 | 3;

export interface ReportField {
  /** Path in the Sentry event. */
  path: string;
  /** Lowest level that sends it. */
  level: 1 | 2;
  what: string;
  example: string;
}

export const REPORT_FIELDS: readonly ReportField[] = [
  { path: 'event_id', level: 1, what: 'Incident id: random per report, also written to the local log next to the error', example: '4f0c2a9e51b84d0fa3c1e6b7d2a98c01' },
  { path: 'timestamp', level: 1, what: 'When the error happened (seconds since 1970, UTC)', example: '1795590000.123' },
  { path: 'platform', level: 1, what: 'Always "node"', example: 'node' },
  { path: 'level', level: 1, what: '"error", or "warning" for specific messages (blocked event loop, heap growth, app disabled)', example: 'error' },
  { path: 'release', level: 1, what: 'Controller version', example: 'pitwall@0.1.0' },
  { path: 'tags.app', level: 1, what: 'Id of the app the error is attributed to, or "core"', example: 'records' },
  { path: 'tags.app_version', level: 1, what: 'Version of that app', example: '1.0.0' },
  { path: 'tags.app_isolation', level: 1, what: '"worker" when that app ran in a worker thread of its own (absent for an app in the controller\'s thread)', example: 'worker' },
  { path: 'tags.reporting_level', level: 1, what: 'The LOGGING_REPORTING level the report was built at', example: '1' },
  { path: 'tags.kind', level: 1, what: 'What kind of report: uncaught error, or the specific message it is', example: 'error' },
  { path: 'exception.values', level: 1, what: 'Error type, redacted message and stack trace (project-relative file names, function, line; the TypeScript source line where the build wrote a source map), with linked causes up to 5 deep', example: 'TypeError: Cannot read properties of undefined (reading \'uid\') at apps/records/index.ts:27' },
  { path: 'fingerprint', level: 1, what: 'Groups repeats on the receiver: app, error type, the message with numbers, ids and quoted values replaced, and the top frame in app or project code (file and function, not line)', example: '["records","TypeError","Cannot read properties of undefined (reading \'…\')","apps/records/index.js:saveRecord"]' },
  { path: 'extra.repeated', level: 1, what: 'How many repeats of this error (same type, normalised message and throw site) were counted, not sent, in the minute after the last report of it', example: '12' },
  { path: 'contexts.runtime', level: 2, what: 'Node.js version', example: '{ "name": "node", "version": "v20.20.2" }' },
  { path: 'contexts.os', level: 2, what: 'Operating system family and release', example: '{ "name": "linux", "version": "6.1.0" }' },
  { path: 'contexts.server', level: 2, what: 'Dedicated server: login, name, version and build, title pack, game mode script, status', example: '{ "login": "my-server", "name": "My Server", "title_id": "Trackmania" }' },
  { path: 'contexts.map', level: 2, what: 'Current map: name, uid, file path, environment', example: '{ "name": "Spring 01", "file": "Campaigns/Spring/01.Map.Gbx" }' },
  { path: 'contexts.dedicated_config', level: 2, what: 'The dedicated server connection as Pitwall sees it, password masked', example: '{ "host": "127.0.0.1", "port": 5000, "user": "SuperAdmin", "password": "********" }' },
  { path: 'contexts.event', level: 2, what: 'The event being handled: callback or command name and its redacted payload (may name players)', example: '{ "name": "playerChat", "payload": { "login": "bob", "text": "/records" } }' },
  { path: 'frame.vars', level: 2, what: 'Local variables of the failing frame in app or project code: its parameters and the variables of its blocks and catch clauses, not closures (primitives and shallow objects, redacted)', example: '{ "mapUid": "abc", "rank": 3 }' },
];

/** Whether a report at `level` may hold the field at `path`. */
export function admits(level: ReportingLevel, path: string): boolean {
  const field = REPORT_FIELDS.find((entry) => entry.path === path);
  return field !== undefined && level >= field.level;
}
