/** Who an error belongs to and what was going on when it happened. */
export interface Attribution {
  /** The app id, or 'core'. */
  app: string;
  /** The app's version, when the error belongs to an app. */
  appVersion?: string;
  /** 'worker' when the app runs in a worker thread (`isolation: 'worker'`); in process otherwise. */
  isolation?: 'worker';
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

/**
 * Hands every error and warning to several sinks in order (e.g. the exception handler and a test's
 * collector). A sink that throws does not keep the error from the sinks after it; its error is rethrown
 * once all had their turn, for the fault boundary to log.
 */
export class ErrorSinks implements ErrorSink {
  constructor(private readonly sinks: readonly ErrorSink[]) {}

  capture(error: Error, attribution: Attribution): void {
    this.each((sink) => sink.capture(error, attribution));
  }

  warn(kind: WarningKind, error: Error, attribution: Attribution): void {
    this.each((sink) => sink.warn?.(kind, error, attribution));
  }

  private each(deliver: (sink: ErrorSink) => void): void {
    let failure: { error: unknown } | undefined;
    for (const sink of this.sinks) {
      try {
        deliver(sink);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
