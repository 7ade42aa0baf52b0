import type { CommandCall } from './commands.js';

/** Where a core command's failures go: an error it could not complete, and an answer it could not send. */
export interface CoreCommandReport {
  error(error: unknown): void;
  warn(message: string): void;
}

/**
 * The answer of a core chat command (`//admin`, `//app`): the text its work returns, or `failed` when the work
 * threw (the error goes to the core's log and reports). An answer that cannot be sent (the connection closing
 * at shutdown) is only logged; neither ever escapes as an unhandled rejection.
 */
export function coreCommandAnswer(command: string, report: CoreCommandReport, failed: string) {
  return async (call: CommandCall, work: () => Promise<string> | string): Promise<void> => {
    let message: string;
    try {
      message = await work();
    } catch (error) {
      report.error(error);
      message = failed;
    }
    await call.reply(message).catch((error: unknown) => report.warn(`Could not answer //${command} to ${call.login}: ${(error as Error).message}`));
  };
}
