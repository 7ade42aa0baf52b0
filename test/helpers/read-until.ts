/**
 * Reads `read()` again every 10 ms until `done` accepts what it returned, for state an app writes on its own
 * after the event a test can await (a database row written after the handler was called). Rejects after `ms`
 * naming `what` and the last value read.
 */
export async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}; read ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
