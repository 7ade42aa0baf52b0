import type { Disposable } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import type { CommandRateLimiter } from './command-rate.js';
import type { CommandRegistry, RegisteredCommand } from './commands.js';

/** Shows /help's list another way (the UI layer opens a window with it). */
export type HelpWindow = (login: string, commands: readonly RegisteredCommand[]) => Promise<void>;

/**
 * Chat lines that are commands: the per-player flood limit, then the registry; a refusal, an unknown
 * command or a wrong use gets its one-line answer. Also the core's own `/help`.
 */
export class ChatCommands {
  /** Set by the UI layer: /help also opens a window. */
  helpWindow?: HelpWindow;

  constructor(
    private readonly commands: CommandRegistry,
    private readonly rateLimiter: CommandRateLimiter,
    private readonly chatTo: (login: string, message: string) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Registers `/help`; disposing the result removes it. */
  registerHelp(): Disposable {
    return this.commands.register(
      'core',
      { name: 'help', description: 'lists the chat commands you can use', params: { command: { type: 'string', optional: true, description: 'a command to show the usage of' } } },
      (call) => this.help(call.login, call.reply, call.params.command),
    );
  }

  /** Runs a command line typed by `login` (one that starts with `/`). */
  route(login: string, text: string): void {
    const admitted = this.rateLimiter.check(login);
    if (!admitted.run) {
      if (admitted.answer) this.answer(login, admitted.answer);
      return;
    }
    const reply = (message: string): Promise<void> => this.chatTo(login, message);
    const outcome = this.commands.dispatchLine(login, text, reply);
    if (outcome.answer) this.answer(login, outcome.answer);
  }

  /** A core answer to a player; failing to send it is logged, never an error of any app. */
  private answer(login: string, message: string): void {
    this.chatTo(login, message).catch((error: unknown) => this.logger.warn(`Could not answer ${login}: ${(error as Error).message}`));
  }

  private async help(login: string, reply: (message: string) => Promise<void>, command?: string): Promise<void> {
    try {
      await reply(this.commands.help(login, command));
      if (command === undefined) await this.helpWindow?.(login, this.commands.allowedFor(login));
    } catch (error) {
      this.logger.warn(`Could not answer /help for ${login}: ${(error as Error).message}`);
    }
  }
}
