/** Who an error belongs to and what was going on when it happened. */
export interface Attribution {
  /** The app id, or 'core'. */
  app: string;
  /** The app's version, when the error belongs to an app. */
  appVersion?: string;
  /** The lifecycle hook running, if any (init, start, stop). */
  hook?: string;
  /** The event being handled: a callback or command name and its payload. */
  event?: { name: string; payload?: unknown };
}

/** Where every caught error goes: the ExceptionHandler of core/reporting implements it. */
export interface ErrorSink {
  capture(error: Error, attribution: Attribution): void;
  /** A "specific message": a warning the core raises itself (e.g. an app was disabled), with its own kind. */
  warn?(kind: WarningKind, error: Error, attribution: Attribution): void;
}

export type WarningKind = 'event_loop_block' | 'heap_growth' | 'app_disabled';
export const ErrorSink = Symbol('ErrorSink');
