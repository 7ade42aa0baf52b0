import { toDisposable, type Disposable } from '../disposables.js';
import { GbxFault } from '../gbx/client.js';
import { languageTag } from '../i18n/messages.js';
import type { ServerEvents } from './events.js';
import type { GameServer } from './game-server.js';

/** DI token for the players' languages. */
export const PlayerLanguages = Symbol('PlayerLanguages');

/** Each connected player's language, as the game client told the dedicated server. */
export interface PlayerLanguages {
  /** The language tag lines are looked up in: `fr`, `de`, ...; `en` when the server does not say. */
  languageOf(login: string): Promise<string>;
}

/**
 * Reads a player's language once from `GetDetailedPlayerInfo` (its `Language` field, as in
 * EvoEsports/GbxRemote.Net `Structs/PlayerDetailedInfo.cs`) and keeps it while the player stays connected.
 * A server that refuses the call (a fault) means English for that player; a lost connection is not cached,
 * so the next line asks again.
 */
export class ServerPlayerLanguages implements PlayerLanguages, Disposable {
  private readonly known = new Map<string, Promise<string>>();
  private readonly listening: Disposable;

  constructor(
    private readonly server: Pick<GameServer, 'call' | 'players'>,
    events: ServerEvents,
  ) {
    const forget = events.on('playerDisconnect', ({ login }) => this.known.delete(login));
    this.listening = toDisposable(() => forget.dispose());
  }

  languageOf(login: string): Promise<string> {
    const cached = this.known.get(login);
    if (cached) return cached;
    const asked = this.ask(login);
    // Only a connected player's answer is kept: a departed one's would never be forgotten.
    if (this.server.players.has(login)) this.known.set(login, asked);
    return asked;
  }

  private async ask(login: string): Promise<string> {
    try {
      const info = (await this.server.call('GetDetailedPlayerInfo', login)) as { Language?: unknown } | false;
      return languageTag(info && typeof info.Language === 'string' ? info.Language : undefined);
    } catch (error) {
      if (!(error instanceof GbxFault)) this.known.delete(login);
      return 'en';
    }
  }

  dispose(): void {
    void this.listening.dispose();
    this.known.clear();
  }
}
