import type { SandboxServer } from './server.js';

export interface ActivityOptions {
  intervalMs: number;
  maxPlayers: number;
  /** Random source in [0, 1); tests pass a seeded one. */
  random?: () => number;
}

const NAMES = ['speedy', 'drifter', 'nadeo-fan', 'checkpoint', 'icequeen', 'loopdeloop', 'fullspeed', 'pitcrew', 'nosebooster', 'wallride'];
/** Nicknames carry formatting codes, as real ones do: colours, styles, links, a literal `$$`. */
const NICKNAME_STYLES: ((name: string) => string)[] = [
  (name) => `$o$f80${name}`,
  (name) => `$l[https://www.trackmania.com]$0af${name}$l`,
  (name) => `$w${name}$g$$`,
  (name) => `$i$f00${name.slice(0, 3)}$fff${name.slice(3)}`,
  (name) => `$h[pitwall]$s${name}$h$z`,
];
const LINES = ['gg', 'nice map', 'what a run!', 'one more try', 'this ice section though', 'hi all', 'so close to gold', 'lag?'];

const MAP_EVERY_STEPS = 12;
/** In the modes played in rounds, a round lasts a few moments. */
const ROUND_EVERY_STEPS = 4;
const ROUND_MODES: readonly string[] = ['Rounds', 'Cup', 'Teams', 'Knockout'];

/** Makes the sandbox feel alive: players join, chat, race and leave on a timer, rounds end, and maps rotate. */
export class SandboxActivity {
  private timer?: NodeJS.Timeout;
  private joined = 0;
  private steps = 0;
  private readonly random: () => number;

  constructor(
    private readonly server: SandboxServer,
    private readonly options: ActivityOptions,
  ) {
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.timer ??= setInterval(() => this.step(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One simulated moment: someone joins (more likely while the server is quiet), chats, or leaves. */
  step(): void {
    // A map lasts a dozen moments, like a short time-attack round.
    if (++this.steps % MAP_EVERY_STEPS === 0) {
      // As long as a real one: the sections come over the sandbox's map-change time.
      if (!this.server.isChangingMap) this.server.changeMap();
      return;
    }
    if (this.steps % ROUND_EVERY_STEPS === 0 && ROUND_MODES.includes(this.server.scores.mode) && !this.server.isChangingMap) {
      this.server.endRound();
      return;
    }
    const players = [...this.server.world.players.keys()];
    const roll = this.random();
    const wantsMore = players.length < Math.min(2, this.options.maxPlayers);
    if ((wantsMore || roll < 0.4) && players.length < this.options.maxPlayers) {
      const name = NAMES[this.joined % NAMES.length]!;
      const login = `${name}-${++this.joined}`;
      this.server.playerJoin(login, NICKNAME_STYLES[this.joined % NICKNAME_STYLES.length]!(name), this.random() < 0.1);
    } else if (roll < 0.6 && players.length > 0) {
      const login = players[Math.floor(this.random() * players.length)]!;
      this.server.playerChat(login, LINES[Math.floor(this.random() * LINES.length)]!);
    } else if (roll < 0.85 && players.length > 0) {
      const login = players[Math.floor(this.random() * players.length)]!;
      const authorTime = this.server.world.currentMap.AuthorTime;
      this.server.playerRun(login, Math.round(authorTime * (0.98 + this.random() * 0.3)));
    } else if (players.length > 0) {
      this.server.playerLeave(players[Math.floor(this.random() * players.length)]!, 'Disconnected');
    }
  }
}
