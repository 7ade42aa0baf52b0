import type { XmlRpcValue } from '../gbx/codec.js';

export type CallOutcome = { ok: true; value: XmlRpcValue } | { ok: false; error: Error };

/**
 * A call a callback needs (a joining player's info, the mode after a map change), started the moment the
 * callback arrives so it runs while earlier callbacks are still being handled, and awaited for at most
 * until its deadline: one slow answer must not hold up every callback behind it.
 */
export class EarlyCall {
  private readonly settled: Promise<CallOutcome>;

  constructor(
    call: Promise<XmlRpcValue>,
    /** Epoch ms after which within() stops waiting. */
    readonly deadline: number,
  ) {
    this.settled = call.then(
      (value): CallOutcome => ({ ok: true, value }),
      (error: unknown): CallOutcome => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  /** The answer or the fault, or 'late' when neither came by the deadline. */
  async within(): Promise<CallOutcome | 'late'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, this.deadline - Date.now()));
    });
    try {
      return await Promise.race([this.settled, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs `use` once the call settles, for an answer that came too late to wait for. */
  whenSettled(use: (outcome: CallOutcome) => void): void {
    void this.settled.then(use);
  }
}
