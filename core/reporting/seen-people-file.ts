import { join } from 'node:path';

/** How the players seen are kept on disk (one JSON object a line), and how many at most. */

/** One player as last seen: their login and the nickname they had then. */
export interface SeenPerson {
  login: string;
  nickName: string;
  /** When they were last seen (ms since 1970). */
  at: number;
}

/** At most this many login/nickname pairs are kept; the ones seen longest ago go first. */
export const SEEN_PEOPLE_LIMIT = 20_000;

/** Where the pairs are kept, under DATA_DIR: read back at start so a restart does not forget them. */
export function seenPeopleFile(dataDir: string): string {
  return join(dataDir, 'reporting', 'seen-people.ndjson');
}

/** One line of the file, or undefined when it is not a well-formed pair. */
export function parsePerson(line: string): SeenPerson | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as Partial<SeenPerson>;
    if (typeof value.login !== 'string' || !value.login || typeof value.at !== 'number' || !Number.isFinite(value.at)) return undefined;
    return { login: value.login, nickName: typeof value.nickName === 'string' ? value.nickName : '', at: value.at };
  } catch {
    return undefined;
  }
}
