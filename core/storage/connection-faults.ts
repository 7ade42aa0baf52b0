import { isPitwallError } from '../errors.js';

/**
 * Socket errors of the driver, and PostgreSQL's SQLSTATEs for a server that is going away or not ready:
 * 57P01 admin_shutdown (also sent by `pg_ctl stop -m immediate` and pg_terminate_backend), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery), class 08 connection
 * exceptions.
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** What node-postgres and pg-pool say when a connection ends or cannot be made in time (they set no code). */
const CONNECTION_MESSAGES =
  /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection|timeout exceeded when trying to connect|Query read timeout|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i;

/** True when this one error (its causes not followed) says that the connection failed, not the query. */
export function isConnectionError(error: unknown): boolean {
  if (isPitwallError(error, 'PW_ERR_DATABASE_UNAVAILABLE') || isPitwallError(error, 'PW_ERR_DATABASE_JOURNAL_FULL')) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/**
 * True when a database error was caused by the connection (refused, reset, terminated, timed out, the server
 * shutting down or starting up) rather than by the query: the world outside the app failed, not its code.
 * Causes are followed, so an app wrapping the error in its own is judged by what it wraps.
 */
export function isConnectionFault(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (isConnectionError(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
