import { toDisposable, type Disposable } from '../disposables.js';
import type { FaultBoundary } from './fault-boundary.js';

/**
 * The last net: errors nobody caught (a throw in a raw timer, a forgotten promise) are attributed and
 * captured instead of killing the controller. Apps never install process handlers themselves.
 */
export function installProcessNet(boundary: FaultBoundary): Disposable {
  const onException = (error: unknown): void => boundary.capture(error);
  const onRejection = (reason: unknown): void => boundary.capture(reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return toDisposable(() => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  });
}
