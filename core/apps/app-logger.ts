import type { Logger } from '../logging/logger.js';

/** Extra fields for one log line (kept in the JSON log). */
export type LogFields = Record<string, unknown>;

/**
 * What an app may do with the log: write lines under its own label. It holds no reference to the shared
 * winston logger, so an app cannot remove transports, change levels or silence anyone else's output.
 */
export interface AppLogger {
  debug(message: string | Error, fields?: LogFields): void;
  info(message: string | Error, fields?: LogFields): void;
  warn(message: string | Error, fields?: LogFields): void;
  error(message: string | Error, fields?: LogFields): void;
  /** A logger for one part of the app, labelled `<app id>:<part>`. */
  child(part: string): AppLogger;
}

/** Resolves, in an app's ctx.container, to that app's own logger. */
export const AppLogger = Symbol('AppLogger');

/** A frozen AppLogger writing to `logger` under `label`; the label always wins over fields of the same name. */
export function createAppLogger(logger: Logger, label: string): AppLogger {
  const write = (level: string) => (message: string | Error, fields?: LogFields): void => {
    const extra = typeof fields === 'object' && fields !== null ? fields : undefined;
    logger.log({ ...extra, level, message: message as string, label });
  };
  return Object.freeze({
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (part: string) => createAppLogger(logger, `${label}:${String(part)}`),
  });
}
