import { isPitwallError } from '../errors.js';
import { GbxConnectionError, GbxFault } from '../gbx/client.js';

/** The dedicated server's answer to a call naming a login that is not (or no longer) connected. */
export const LOGIN_UNKNOWN = 'Login unknown.';
/** The dedicated server's answer to a map change asked for while another is still under way. */
export const CHANGE_IN_PROGRESS = 'Change in progress.';

/** True when the server refused a call because the player it names has left. */
export function isDepartedPlayerFault(error: unknown): boolean {
  return error instanceof GbxFault && error.faultString === LOGIN_UNKNOWN;
}

/**
 * True when an error was caused by the world outside the app (a player leaving, a map change already under
 * way, the connection to the dedicated server dropping or timing out) rather than by the app's own code.
 * Such errors are still reported, but do not count against the app's error budget. Causes are followed, so
 * an app wrapping the fault in its own error is judged by what it wraps.
 */
export function isOutsideFault(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    if (current instanceof GbxFault && (current.faultString === LOGIN_UNKNOWN || current.faultString === CHANGE_IN_PROGRESS)) return true;
    if (current instanceof GbxConnectionError || isPitwallError(current, 'PW_ERR_GBX_DISCONNECTED')) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
