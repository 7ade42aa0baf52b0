import { PitwallError } from '../errors.js';
import type { AppRecord, Hook } from './app-record.js';
import { toError, type FaultBoundary } from './fault-boundary.js';

/**
 * Runs one lifecycle hook of an app inside the fault boundary, with a timeout of `ms`; a failure (a throw, a
 * rejection, the timeout) is captured once and described as the app's reason.
 */
export async function runAppHook(boundary: FaultBoundary, record: AppRecord, hook: Hook, ms: number): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const fn = record.definition![hook];
  if (!fn) return { ok: true, value: undefined };
  const attribution = { ...record.attribution, hook };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PitwallError('PW_ERR_APP_HOOK_TIMEOUT', { id: record.id, hook, ms })), ms);
  });
  const call = (async () => boundary.runHook(attribution, () => fn.call(record.definition, record.ctx!)))();
  // A hook that settles after its timeout must not surface as an unhandled rejection.
  call.catch(() => undefined);
  try {
    return { ok: true, value: await Promise.race([call, timedOut]) };
  } catch (thrown) {
    const error = toError(thrown);
    boundary.capture(error, attribution);
    const reason = error instanceof PitwallError && error.code === 'PW_ERR_APP_HOOK_TIMEOUT'
      ? error.message
      : new PitwallError('PW_ERR_APP_HOOK_FAILED', { id: record.id, hook, message: error.message }).message;
    return { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}
