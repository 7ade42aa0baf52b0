import { defineDatabase, writeOrQueue, type Kysely } from '../../core/index.js';

/** The votes players can give a map, as typed in the chat, and what each adds to its score. */
export const VOTES = { '+++': 2, '++': 1, '--': -1, '---': -2 } as const;
export type VoteWord = keyof typeof VOTES;

export interface KarmaTables {
  /** One vote per player and map; voting again replaces it. */
  votes: { map_uid: string; login: string; vote: number; at: string };
}

export interface Tally {
  /** The sum of the votes' values. */
  score: number;
  votes: number;
  /** How many of each vote, in VOTES order. */
  counts: Record<VoteWord, number>;
}

export const karmaDatabase = defineDatabase<KarmaTables>({
  migrations: [
    {
      name: '001-create-votes',
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('votes')
          .addColumn('map_uid', 'text', (column) => column.notNull())
          .addColumn('login', 'text', (column) => column.notNull())
          .addColumn('vote', 'integer', (column) => column.notNull())
          .addColumn('at', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint('votes_pk', ['map_uid', 'login'])
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('votes').execute();
      },
    },
  ],
});

export function wordOf(value: number): VoteWord | undefined {
  return (Object.keys(VOTES) as VoteWord[]).find((word) => VOTES[word] === value);
}

/** The karma app's votes: one row per map and player. */
export class KarmaStore {
  constructor(private readonly db: Kysely<KarmaTables>) {}

  /** The player's vote on the map, if any. */
  async voteOf(mapUid: string, login: string): Promise<VoteWord | undefined> {
    const row = await this.db.selectFrom('votes').select('vote').where('map_uid', '=', mapUid).where('login', '=', login).executeTakeFirst();
    return row ? wordOf(Number(row.vote)) : undefined;
  }

  /** Stores the vote, replacing the player's earlier one (delete + insert: replayed after an outage, it leaves the same row). */
  async vote(mapUid: string, login: string, word: VoteWord, at: string): Promise<void> {
    await writeOrQueue(this.db, [
      this.db.deleteFrom('votes').where('map_uid', '=', mapUid).where('login', '=', login),
      this.db.insertInto('votes').values({ map_uid: mapUid, login, vote: VOTES[word], at }),
    ]);
  }

  /** Each map's score (the sum of its votes), for the maps that have votes. */
  async scores(mapUids: readonly string[]): Promise<Map<string, number>> {
    if (mapUids.length === 0) return new Map();
    const rows = await this.db.selectFrom('votes').select(['map_uid', (eb) => eb.fn.sum<number>('vote').as('score')]).where('map_uid', 'in', mapUids).groupBy('map_uid').execute();
    return new Map(rows.map((row) => [row.map_uid, Number(row.score)]));
  }

  async tally(mapUid: string): Promise<Tally> {
    const rows = await this.db.selectFrom('votes').select(['vote', (eb) => eb.fn.countAll<number>().as('n')]).where('map_uid', '=', mapUid).groupBy('vote').execute();
    const counts: Record<VoteWord, number> = { '+++': 0, '++': 0, '--': 0, '---': 0 };
    let score = 0;
    let votes = 0;
    for (const row of rows) {
      const word = wordOf(Number(row.vote));
      if (!word) continue;
      const n = Number(row.n);
      counts[word] += n;
      score += VOTES[word] * n;
      votes += n;
    }
    return { score, votes, counts };
  }
}
