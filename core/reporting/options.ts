import type { AppRegistry } from '../apps/registry.js';
import type { GameServer } from '../server/facade.js';

/** Tuning of the reporting pipeline (tests shorten timeouts; benches switch the inspector off). */
export interface ReportingOptions {
  /** Capture local variables at level 2 and above (default true). */
  captureLocals?: boolean;
  /** Send timeout per envelope (default 10 s). */
  sendTimeoutMs?: number;
  /** First retry delay after a failed send. */
  backoffInitialMs?: number;
}

export const ReportingOptions = Symbol('ReportingOptions');

/**
 * What reports are built from that comes up after the reporting pipeline: the live server (for level-2
 * context) and the loaded apps (feeds, app code). Each is undefined until it exists.
 */
export interface ReportingSources {
  server(): GameServer | undefined;
  apps(): AppRegistry | undefined;
}

export const ReportingSources = Symbol('ReportingSources');
