import { isConnectionFault } from '../storage/connection-faults.js';

/** What a player hears when a command could not answer because the database is unreachable. */
export function outageAnswer(command: string): string {
  return `The database is unreachable right now, so /${command} cannot answer; try again in a moment.`;
}

/**
 * A command handler that answers its caller when it fails because the database is unreachable, instead of
 * leaving them without a word. The error still goes on to the fault boundary (reported, outside the budget).
 */
export function answeringOutages<H>(handler: H): H {
  const run = handler as (call: { name: string; reply(message: string): Promise<void> }) => unknown;
  return ((call: { name: string; reply(message: string): Promise<void> }) => {
    const result = run(call);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return result;
    return (result as Promise<unknown>).catch((error: unknown) => {
      if (isConnectionFault(error)) call.reply(outageAnswer(call.name)).catch(() => undefined);
      throw error;
    });
  }) as H;
}
