import type { MulticallEntry } from '../gbx/client.js';
import type { Logger } from '../logging/logger.js';
import type { GameServer } from '../server/facade.js';

/** Sends ManiaLink calls: what is queued in one turn of the event loop goes out as one multicall, in order. */
export class ManialinkSender {
  private queued: MulticallEntry[] = [];
  private flush?: Promise<void>;

  constructor(
    private readonly server: GameServer,
    private readonly logger: Logger,
  ) {}

  /**
   * Queues calls; everything queued in the same turn of the event loop (several pages updated by one event)
   * goes out together, in order. Resolves once that batch has been answered.
   */
  send(calls: MulticallEntry[]): Promise<void> {
    if (calls.length === 0) return Promise.resolve();
    for (const call of calls) this.queued.push(call);
    this.flush ??= new Promise<void>((resolve) => {
      queueMicrotask(() => {
        const batch = this.queued;
        this.queued = [];
        this.flush = undefined;
        resolve(this.sendNow(batch));
      });
    });
    return this.flush;
  }

  /** One call, or one multicall for several; a failure is logged, never thrown at the app. */
  private async sendNow(calls: MulticallEntry[]): Promise<void> {
    const { server, logger } = this;
    try {
      if (calls.length === 1) {
        const [method, params = []] = calls[0]!;
        await server.call(method, ...params);
        return;
      }
      const results = await server.multicall(calls);
      const failed = results.filter((result) => !result.ok).length;
      if (failed > 0) logger.debug(`${failed} of ${calls.length} ManiaLink sends were refused (players who just left)`);
    } catch (error) {
      logger.warn(`Could not send ManiaLink pages: ${(error as Error).message}`);
    }
  }
}
