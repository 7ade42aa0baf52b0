import { inject, injectable } from 'tsyringe';
import { Logger } from '../logging/logger.js';

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

/** Where every caught error goes. Reporting implements it; the default only logs. */
export interface ErrorSink {
  capture(error: Error, attribution: Attribution): void;
}
export const ErrorSink = Symbol('ErrorSink');

/** Logs each error with its attribution: the fallback when no reporting is configured. */
@injectable()
export class LoggingErrorSink implements ErrorSink {
  constructor(@inject(Logger) private readonly logger: Logger) {}

  capture(error: Error, attribution: Attribution): void {
    const where = attribution.event ? ` while handling ${attribution.event.name}` : attribution.hook ? ` in ${attribution.hook}()` : '';
    this.logger.error(`Error in ${attribution.app}${where}: ${error.message}`, {
      label: attribution.app,
      stack: error.stack,
    });
  }
}
