import type { XmlRpcValue } from '../gbx/codec.js';

/** Calls that start a map change: a real server refuses them with 'Change in progress.' while one is under way. */
export const MAP_CHANGE_METHODS: ReadonlySet<string> = new Set(['NextMap', 'RestartMap', 'JumpToMapIdent', 'JumpToMapIndex']);

/** Longest wait for a change to end before a call goes out anyway (a mode without the section callbacks). */
export const MAP_CHANGE_WAIT_MS = 15_000;

/** Script sections during which a change is under way, and the one that ends it (maniaplanet/script-xmlrpc). */
const CHANGE_BEGINS = new Set(['Maniaplanet.EndMap_Start', 'Maniaplanet.UnloadingMap_Start', 'Maniaplanet.LoadingMap_Start']);
const CHANGE_ENDS = new Set(['Maniaplanet.StartMap_Start', 'Maniaplanet.StartPlayLoop']);

/**
 * Knows whether a map change is under way, from the calls that start one and the mode's section callbacks, so
 * a second change waits for the first to end instead of being refused 'Change in progress.'. It reads the
 * callbacks as they arrive, not through the ordered queue: a command waiting here must not wait behind itself.
 */
export class MapChangeWatch {
  private ending?: { promise: Promise<void>; resolve: () => void; timer: NodeJS.Timeout };

  /** Map changes asked for through this watch, one after the other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly maxWaitMs = MAP_CHANGE_WAIT_MS) {}

  /**
   * Asks for a change once no other is under way or asked for: the change counts as under way from the
   * moment it is sent until the mode announces play on the next map; a refused call ends it at once.
   */
  run<T>(ask: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      await this.settled();
      this.begin();
      try {
        return await ask();
      } catch (error) {
        this.end();
        throw error;
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  get underWay(): boolean {
    return this.ending !== undefined;
  }

  /** A change began: asked for by a call that succeeded, or announced by the mode. */
  begin(): void {
    if (this.ending) return;
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    // A change whose end is never announced stops counting after the longest wait.
    const timer = setTimeout(() => this.end(), this.maxWaitMs);
    timer.unref();
    this.ending = { promise, resolve, timer };
  }

  end(): void {
    const ending = this.ending;
    if (!ending) return;
    this.ending = undefined;
    clearTimeout(ending.timer);
    ending.resolve();
  }

  /** Resolves when no change is under way. */
  async settled(): Promise<void> {
    while (this.ending) await this.ending.promise;
  }

  /** Follows the mode's sections from a callback as it arrives. */
  observe(method: string, params: readonly XmlRpcValue[]): void {
    if (method !== 'ManiaPlanet.ModeScriptCallbackArray' || typeof params[0] !== 'string') return;
    if (CHANGE_BEGINS.has(params[0])) this.begin();
    else if (CHANGE_ENDS.has(params[0])) this.end();
  }
}
