import { toDisposable, type Disposable } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import type { CommandOptions, CommandRegistry } from '../server/commands.js';
import { SERVER_EVENTS } from '../server/event-map.js';
import type { ServerEvents } from '../server/events.js';

/** A call made to an app while its versions are swapped, in the order it arrived. */
type HeldCall =
  | { kind: 'event'; event: string; payload: unknown }
  | { kind: 'command'; login: string; line: string; reply(message: string): Promise<void> };

/** A command call as the held version's handler or a stand-in receives it. */
export interface HeldCommandCall {
  login: string;
  /** The command's name, and a sub-command's after a space. */
  name: string;
  text: string;
  reply(message: string): Promise<void>;
}

/** How many calls a swap keeps; a swap lasts seconds, so more means something is flooding. */
export const SWAP_HOLD_LIMIT = 10_000;

/**
 * The calls made to one app while a reload swaps its versions: the server events and the commands players
 * type, kept in arrival order from the moment the old version begins to stop until a version runs again
 * (the new one, or the old one when the new one did not start), then handed to that version. Meanwhile
 * neither version's handlers run (the app's gate stays closed), and between the two versions stand-ins keep
 * the app's command names, so nobody is told a command does not exist or gets an error.
 */
export class SwapHold {
  private readonly held: HeldCall[] = [];
  private readonly subscriptions: Disposable[];
  /** The listeners the next version registered during the swap, by event: they get the held events. */
  private readonly listeners = new Map<string, Set<(payload: unknown) => unknown>>();
  private readonly standIns = new Map<string, Disposable>();
  /** The old version's commands, as they were when the swap began. */
  private readonly names: { name: string; aliases: readonly string[]; options: CommandOptions }[];
  private dropped = 0;
  private released = false;

  constructor(
    private readonly id: string,
    private readonly commands: CommandRegistry,
    events: ServerEvents,
    private readonly logger: Logger,
  ) {
    this.names = commands.list().filter((command) => command.owner === id).map(({ name, aliases, level, description }) => ({ name, aliases, options: { level, aliases, description } }));
    // Every event: which ones the next version listens to is known only once it has registered.
    this.subscriptions = SERVER_EVENTS.map((event) => events.on(event, (payload: unknown) => this.keep({ kind: 'event', event, payload })));
  }

  /** How many calls wait now. */
  get size(): number {
    return this.held.length;
  }

  /** A command typed to either version, or to a stand-in, while the swap is under way. */
  command(call: HeldCommandCall): void {
    this.keep({ kind: 'command', login: call.login, line: `/${call.name} ${call.text}`, reply: call.reply });
  }

  /** A listener of the next version: it gets the held events of its kind when the swap ends. */
  listen(event: string, listener: (payload: unknown) => unknown): Disposable {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return toDisposable(() => void set.delete(listener));
  }

  /** Once the old version's commands are gone: its names answer into the hold until the next version takes them. */
  standIn(): void {
    for (const { name, aliases, options } of this.names) {
      if ([name, ...aliases].some((each) => this.commands.find(each))) continue;
      this.standIns.set(name, this.commands.register(this.id, name, (call) => this.command(call), options));
    }
  }

  /** The next version registers a command: the stand-in holding any of its names steps aside. */
  free(names: readonly string[]): void {
    for (const [name, standIn] of this.standIns) {
      const taken = this.names.find((entry) => entry.name === name)!;
      if (![taken.name, ...taken.aliases].some((each) => names.includes(each))) continue;
      this.standIns.delete(name);
      void standIn.dispose();
    }
  }

  /**
   * Ends the swap: stand-ins and the hold's own subscriptions go, then every held call is handed over in order,
   * an event to the next version's listeners of it, a command as if typed now (so a command the version no
   * longer has is answered as unknown). Call it once the app's gate is open again.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const subscription of this.subscriptions) void subscription.dispose();
    for (const standIn of this.standIns.values()) void standIn.dispose();
    this.standIns.clear();
    for (const call of this.held.splice(0)) {
      if (call.kind === 'event') {
        for (const listener of this.listeners.get(call.event) ?? []) listener(call.payload);
        continue;
      }
      const { answer } = this.commands.dispatchLine(call.login, call.line, call.reply);
      if (answer) call.reply(answer).catch((error: unknown) => this.logger.warn(`Could not answer ${call.login}: ${(error as Error).message}`));
    }
    this.listeners.clear();
    if (this.dropped) this.logger.warn(`App '${this.id}': ${this.dropped} calls made during its reload were dropped; a swap keeps at most ${SWAP_HOLD_LIMIT}.`);
  }

  private keep(call: HeldCall): void {
    if (this.released) return;
    if (this.held.length >= SWAP_HOLD_LIMIT) {
      this.dropped += 1;
      return;
    }
    this.held.push(call);
  }
}
