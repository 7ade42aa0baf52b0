import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribution } from '../apps/error-sink.js';
import { PitwallError } from '../errors.js';
import type { ReportKind } from './report.js';

/**
 * The incidents of the local log, read back: every error the exception handler logged in full carries its
 * incident id, its attribution and the error itself (see ExceptionHandler.logLocally), so a preview can show
 * what a real incident's report or feed held instead of a sample.
 */

/** What the local log keeps of an error besides its line: enough to build its report again. */
export interface IncidentRecord {
  kind: ReportKind;
  error: { name: string; message: string; code?: string };
  event?: { name: string; payload?: unknown };
  hook?: string;
  appVersion?: string;
  /** The failing frame's locals (level 2 and up), redacted as in the report. */
  locals?: Record<string, unknown>;
  /** The stack as thrown, when the logged one names source lines (source maps applied). */
  compiledStack?: string;
}

export interface LoggedIncident {
  id: string;
  app: string;
  kind: ReportKind;
  /** The error as it was logged: its type, message and stack (causes are not in the log). */
  error: Error;
  attribution: Attribution;
  locals?: Record<string, unknown>;
  timestamp?: string;
}

/**
 * The record as one line of JSON text with every character the log escapes written as a JSON escape: the
 * log keeps it as it is (its newlines and control characters would otherwise become `\x0a` text), and
 * JSON.parse gives the record back whole.
 */
export function encodeRecord(record: IncidentRecord): string {
  return JSON.stringify(record).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function decodeRecord(value: unknown): IncidentRecord | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const record = JSON.parse(value) as unknown;
    return isRecord(record) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The log files the logger keeps, newest first (see core/logging/file-transport.ts). */
const LOG_FILES = ['pitwall.log', 'pitwall1.log', 'pitwall2.log', 'pitwall3.log', 'pitwall4.log'];

/** Where the logger writes under DATA_DIR. */
export function logFolder(dataDir: string): string {
  return join(dataDir, 'logs');
}

/**
 * The incident `id` of the local log, or (without an id) the latest one of `app`. Throws a PitwallError
 * naming the log folder when there is none, or when the incident belongs to another app than `app`.
 */
export function findIncident(dataDir: string, query: { id?: string; app?: string }): LoggedIncident {
  const folder = logFolder(dataDir);
  for (const file of LOG_FILES) {
    const path = join(folder, file);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    // Newest last in each file: read from the end.
    for (let index = lines.length - 1; index >= 0; index--) {
      const incident = parseLine(lines[index]!);
      if (!incident) continue;
      if (query.id !== undefined) {
        if (incident.id !== query.id) continue;
        if (query.app !== undefined && incident.app !== query.app) {
          throw new PitwallError('PW_ERR_INCIDENT_OTHER_APP', { id: query.id, app: incident.app, asked: query.app });
        }
        return incident;
      }
      if (incident.app === query.app) return incident;
    }
  }
  if (query.id !== undefined) throw new PitwallError('PW_ERR_INCIDENT_UNKNOWN', { id: query.id, folder });
  throw new PitwallError('PW_ERR_NO_INCIDENTS', { app: query.app ?? 'core', folder });
}

/** The newest `limit` incidents of the local log, newest first. */
export function listIncidents(dataDir: string, limit = 200): LoggedIncident[] {
  const found: LoggedIncident[] = [];
  for (const file of LOG_FILES) {
    const path = join(logFolder(dataDir), file);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    for (let index = lines.length - 1; index >= 0 && found.length < limit; index--) {
      const incident = parseLine(lines[index]!);
      if (incident) found.push(incident);
    }
  }
  return found;
}

/** One JSON log line of an error logged in full, or undefined (other lines, repeat summaries, torn lines). */
function parseLine(line: string): LoggedIncident | undefined {
  if (!line.includes('"incident"')) return undefined;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { incident: id, label: app, stack } = entry;
  const record = decodeRecord(entry.record);
  if (typeof id !== 'string' || typeof app !== 'string' || typeof stack !== 'string' || !record) return undefined;
  const error = new Error(record.error.message);
  error.name = record.error.name;
  if (record.error.code !== undefined) Object.assign(error, { code: record.error.code });
  // Built again from the stack as thrown, the report maps it again, as the real one did.
  error.stack = typeof record.compiledStack === 'string' ? record.compiledStack : stack;
  const attribution: Attribution = {
    app,
    ...(record.appVersion !== undefined ? { appVersion: record.appVersion } : {}),
    ...(record.hook !== undefined ? { hook: record.hook } : {}),
    ...(record.event !== undefined ? { event: record.event } : {}),
  };
  const locals = typeof record.locals === 'object' && record.locals !== null ? { locals: record.locals } : {};
  return { id, app, kind: record.kind, error, attribution, ...locals, ...(typeof entry.timestamp === 'string' ? { timestamp: entry.timestamp } : {}) };
}

function isRecord(value: unknown): value is IncidentRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<IncidentRecord>;
  return typeof record.kind === 'string' && typeof record.error === 'object' && record.error !== null && typeof record.error.name === 'string' && typeof record.error.message === 'string';
}
