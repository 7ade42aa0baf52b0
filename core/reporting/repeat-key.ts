import { isPitwallError } from '../errors.js';
import type { AppCode } from './app-code.js';

/** The error type as reports show it: the name, with the PW_ERR_* code for Pitwall's own errors. */
export function errorType(error: Error): string {
  const name = typeof error.name === 'string' && error.name ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^PW_ERR_[A-Z_]+$/.test(code) ? `${name}[${code}]` : name;
}

const QUOTED = /(^|[^\w])(['"`])[^'"`\n]{0,200}\2/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_ID = /\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;
const NUMBER = /\d+(?:\.\d+)?/g;

/**
 * A message with what varies between repeats of one fault replaced: numbers, ids and quoted values
 * ("no record for map-12" and "no record for map-13" are one fault). A thrown non-Error keeps its value,
 * since that value is all that tells two such throws apart.
 */
export function normaliseMessage(message: string, keepQuoted = false): string {
  let result = message.replace(UUID, '<id>').replace(HEX_ID, '<id>');
  if (!keepQuoted) result = result.replace(QUOTED, '$1$2…$2');
  return result.replace(NUMBER, '<n>');
}

/**
 * What makes two errors "the same": app, type (or warning kind), normalised message and the place it was
 * thrown from (file, line, column of the topmost line in app or project code). Only errors with equal keys
 * are collapsed into one incident; the key stays on this machine.
 */
export function repeatKey(error: Error, app: string, kind: string, code: AppCode): string {
  const type = kind === 'error' || kind === 'unknown_error' ? errorType(error) : kind;
  const message = normaliseMessage(String(error.message), isPitwallError(error, 'PW_ERR_NON_ERROR_THROWN'));
  return `${app}\n${type}\n${message}\n${code.throwSite(error.stack)?.location ?? '<no stack>'}`;
}
