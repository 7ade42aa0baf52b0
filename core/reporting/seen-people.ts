import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { inject, injectable } from 'tsyringe';
import { Settings } from '../config/schema.js';
import type { Disposable } from '../disposables.js';
import { Logger } from '../logging/logger.js';
import type { ServerEvents } from '../server/events.js';
import { NameMasker } from './name-mask.js';
import { parsePerson, SEEN_PEOPLE_LIMIT, seenPeopleFile, type SeenPerson } from './seen-people-file.js';

// A pair seen again is written again only when its stored time is this old: retention counts in days.
const REFRESH_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The players seen in the last REPORTING_RETENTION_DAYS, so that level-3 feeds can mask their logins and
 * nicknames after they have left. Kept only while app feeds can be sent (level 3, REPORTING_APP_FEEDS);
 * otherwise nothing is recorded and the file is removed. The file is append-only between starts and is
 * rewritten, pruned and bounded, at each start and once it has 1,000 lines more than the pairs it keeps.
 */
@injectable()
export class SeenPeople {
  private readonly people = new Map<string, SeenPerson>();
  private readonly file: string;
  private loaded = false;
  private appended = 0;
  private cachedMasker?: NameMasker;
  /** Whether pairs were dropped since the masker was built: it then masks a few names too many. */
  private stale = false;
  private builtAt = 0;
  private warned = false;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
  ) {
    this.file = seenPeopleFile(settings.DATA_DIR);
  }

  /** Whether feeds can be sent at all: only then is anyone recorded. */
  get enabled(): boolean {
    return this.settings.LOGGING_REPORTING === 3 && this.settings.REPORTING_APP_FEEDS;
  }

  /** Reads what earlier runs kept (dropping what is past retention), or removes it when feeds are off. */
  load(now = Date.now()): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.enabled) {
      rmSync(this.file, { force: true });
      return;
    }
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      const person = parsePerson(line);
      if (person) this.remember(person);
    }
    this.prune(now);
    this.rewrite();
    // Built at start, so the first feed does not wait for it.
    this.masker(now);
  }

  /** Records a player as seen now. */
  see(login: string, nickName: string, now = Date.now()): void {
    if (!this.enabled || typeof login !== 'string' || !login) return;
    this.load(now);
    const nick = typeof nickName === 'string' ? nickName : '';
    const known = this.people.get(keyOf(login, nick));
    if (known && now - known.at < REFRESH_MS) return;
    const person = { login, nickName: nick, at: now };
    this.remember(person);
    if (!known) this.addTo(this.cachedMasker, person);
    this.prune(now);
    this.append(person);
  }

  /** Records every player who connects from now on; the returned Disposable stops it. */
  follow(events: ServerEvents): Disposable {
    return events.on('playerConnect', ({ player }) => this.see(player.login, player.nickName));
  }

  /** Every pair seen within retention, oldest first. */
  list(now = Date.now()): SeenPerson[] {
    this.load(now);
    this.prune(now);
    return [...this.people.values()];
  }

  /**
   * A masker of every login and nickname seen within retention. New pairs are added to it as they are seen;
   * it is rebuilt without the pairs dropped since at most once per REFRESH_MS (masking a name a little past
   * retention is harmless; rebuilding for thousands of players on each error is not).
   */
  masker(now = Date.now()): NameMasker {
    const people = this.list(now);
    if (this.cachedMasker && !(this.stale && now - this.builtAt >= REFRESH_MS)) return this.cachedMasker;
    const masker = new NameMasker();
    for (const person of people) this.addTo(masker, person);
    this.cachedMasker = masker;
    this.stale = false;
    this.builtAt = now;
    return masker;
  }

  private addTo(masker: NameMasker | undefined, person: SeenPerson): void {
    masker?.add({ text: person.login, marker: '<player>' });
    masker?.add({ text: person.nickName, marker: '<player>' });
  }

  private remember(person: SeenPerson): void {
    const key = keyOf(person.login, person.nickName);
    // Map order is insertion order: deleting first keeps the oldest first.
    this.people.delete(key);
    this.people.set(key, person);
  }

  /** Drops pairs past retention and, past the limit, the ones seen longest ago. */
  private prune(now: number): void {
    const cutoff = now - this.settings.REPORTING_RETENTION_DAYS * DAY_MS;
    for (const [key, person] of this.people) {
      if (person.at >= cutoff && this.people.size <= SEEN_PEOPLE_LIMIT) break;
      this.people.delete(key);
      this.stale = true;
    }
  }

  private append(person: SeenPerson): void {
    this.write(() => {
      if (this.appended > this.people.size + 1000) return this.rewrite();
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, `${JSON.stringify(person)}\n`);
      this.appended++;
    });
  }

  /** The file rewritten with what is kept now, through a temporary file so a crash leaves one or the other. */
  private rewrite(): void {
    this.write(() => {
      mkdirSync(dirname(this.file), { recursive: true });
      const temporary = `${this.file}.tmp`;
      writeFileSync(temporary, [...this.people.values()].map((person) => `${JSON.stringify(person)}\n`).join(''));
      renameSync(temporary, this.file);
      this.appended = this.people.size;
    });
  }

  /** Masking goes on from memory when the disk refuses; said once. */
  private write(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (this.warned) return;
      this.warned = true;
      this.logger.warn(`Could not keep the players seen in ${this.file} (${(error as Error).message}); feeds mask them until the next restart only`, { label: 'reporting' });
    }
  }
}

function keyOf(login: string, nickName: string): string {
  return `${login}\n${nickName}`;
}
