import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { MapRanking, type RankedRecord } from '../../apps/records/ranking.js';
import { ServerRanks } from '../../apps/records/server-rank.js';
import { readUntil } from '../helpers/read-until.js';

/** The definition, computed from scratch: average over maps with a record, a missing map counting as its worst rank + 1. */
function naive(rankings: MapRanking[]): Map<string, number> {
  const ranked = rankings.filter((ranking) => ranking.size > 0);
  const logins = new Set(ranked.flatMap((ranking) => ranking.top(ranking.size).map((entry) => entry.login)));
  return new Map(
    [...logins].map((login) => [login, ranked.reduce((sum, ranking) => sum + (ranking.rankOf(login) ?? ranking.size + 1), 0) / ranked.length]),
  );
}

const record = (login: string, time: number, at: number): RankedRecord => ({ login, nickName: login.toUpperCase(), time, at: new Date(at).toISOString() });

it('ranks by the average rank over the maps with records, a missing map counting as its worst rank plus one', () => {
  const a = new MapRanking('a');
  const b = new MapRanking('b');
  const empty = new MapRanking('empty');
  const ranks = ServerRanks.from([a, b, empty]);
  ranks.improve('a', record('anna', 30_000, 1));
  ranks.improve('a', record('ben', 31_000, 2));
  ranks.improve('a', record('cleo', 32_000, 3));
  ranks.improve('b', record('ben', 40_000, 4));
  // anna: a=1, b=missing (1 record: 2) -> 1.5; ben: 2 and 1 -> 1.5; cleo: 3 and 2 -> 2.5. Ties by login.
  assert.deepEqual(
    ranks.top(10).map(({ login, place, of, average, maps }) => [login, place, of, average, maps]),
    [['anna', 1, 3, 1.5, 2], ['ben', 2, 3, 1.5, 2], ['cleo', 3, 3, 2.5, 2]],
  );
  ranks.improve('a', record('cleo', 29_000, 5));
  // a: cleo 1, anna 2, ben 3; b: ben 1. anna (2 + 2) / 2 = 2, ben (3 + 1) / 2 = 2, cleo (1 + 2) / 2 = 1.5.
  assert.deepEqual(ranks.rankOf('cleo'), { login: 'cleo', nickName: 'CLEO', place: 1, of: 3, average: 1.5, maps: 2 });
  assert.deepEqual(ranks.top(3).map((rank) => rank.login), ['cleo', 'anna', 'ben']);
  assert.equal(ranks.rankOf('nobody'), undefined);
  ranks.improve('a', record('cleo', 35_000, 6));
  assert.equal(ranks.rankOf('cleo')!.average, 1.5, 'a slower time changes nothing');
});

it('counts a finish at the next settle or read, and settle tells whether one was a best', () => {
  const a = new MapRanking('a');
  const ranks = ServerRanks.from([a]);
  ranks.improve('a', record('anna', 30_000, 1));
  assert.equal(a.size, 0, 'queued: the map ranking has not moved yet');
  assert.equal(ranks.settle(), true);
  assert.equal(a.rankOf('anna'), 1);
  assert.equal(ranks.settle(), false, 'nothing left to count');
  ranks.improve('a', record('anna', 31_000, 2));
  assert.equal(ranks.settle(), false, 'a slower time is no best');
  ranks.improve('a', record('ben', 29_000, 3));
  assert.equal(ranks.placeOf('ben'), 1, 'a read counts what is queued first');
  assert.equal(ranks.placeOf('anna'), 2);
  assert.equal(ranks.settle(), false);
});

it('kept incrementally, every rank equals the one computed from scratch after any sequence of finishes', () => {
  const finish = fc.record({ map: fc.integer({ min: 0, max: 3 }), player: fc.integer({ min: 0, max: 7 }), time: fc.integer({ min: 20_000, max: 20_050 }) });
  fc.assert(
    fc.property(fc.array(finish, { maxLength: 80 }), (finishes) => {
      const rankings = [0, 1, 2, 3].map((index) => new MapRanking(`map${index}`));
      const incremental = ServerRanks.from(rankings);
      finishes.forEach(({ map, player, time }, at) => incremental.improve(`map${map}`, record(`p${player}`, time, at)));
      // The rankings it was given move as the queued finishes are counted; each map's first finish is a best.
      assert.equal(incremental.settle(), finishes.length > 0);
      const expected = naive(rankings);
      const rebuilt = ServerRanks.from(rankings);
      for (const ranks of [incremental, rebuilt]) {
        const got = new Map(ranks.top(100).map((rank) => [rank.login, rank.average]));
        assert.equal(got.size, expected.size);
        for (const [login, average] of expected) assert.ok(Math.abs(got.get(login)! - average) < 1e-9, `${login}: ${got.get(login)} against ${average}`);
      }
    }),
    { numRuns: 300 },
  );
});

it('/rank and /topranks tell the server ranks of the players who drove the server maps', async () => {
  const { startTestCore } = await import('../helpers/core.js');
  const core = await startTestCore({ apps: ['records'] });
  try {
    await core.join('anna', 'Anna');
    await core.join('ben', 'Ben');
    await core.join('cleo', 'Cleo');
    await core.finish('anna', 30_000);
    await core.finish('ben', 31_000);
    await core.nextMap();
    await core.finish('ben', 40_000);
    const reply = async (login: string, text: string): Promise<string> => {
      const before = core.chatLog.length;
      await core.chat(login, text);
      await core.waitFor(() => core.chatLog.slice(before).some((line) => line.to?.includes(login)), `the answer to ${text}`);
      return core.chatLog.slice(before).find((line) => line.to?.includes(login))!.text;
    };
    // The records app stores each finish on its own: wait until all three are in.
    const stored = async (count: number): Promise<void> => {
      const table = core.runtime.database.namespace('app_records', "app 'records'") as import('../../core/index.js').Kysely<any>;
      await readUntil(() => table.selectFrom('records').select('login').execute(), (rows) => rows.length >= count, `${count} records`);
    };
    await stored(3);
    // Map 1: anna 1, ben 2; map 2: ben 1 (anna counts 2). Anna 1.5, ben 1.5: ties go by login.
    assert.equal(await reply('ben', '/rank'), 'Server rank of Ben: 2 of 2 (average rank 1.50 over 2 maps).');
    assert.equal(await reply('ben', '/rank anna'), 'Server rank of Anna: 1 of 2 (average rank 1.50 over 2 maps).');
    assert.equal(await reply('cleo', '/rank'), 'Cleo has no server rank yet: a time on one of the maps gives one.');
    await core.finish('cleo', 39_000);
    await stored(4);
    assert.equal(await reply('cleo', '/rank'), 'Server rank of Cleo: 3 of 3 (average rank 2.00 over 2 maps).');
    await core.chat('cleo', '/topranks');
    const window = () => core.ui.page('cleo', 'pitwall.records.topranks');
    await core.waitFor(() => window() !== undefined, 'the ranks window');
    const texts = window()!.texts;
    assert.deepEqual(texts.slice(texts.indexOf('Average') + 1, texts.indexOf('Average') + 10), ['1.', 'Anna', '2.00', '2.', 'Ben', '2.00', '3.', 'Cleo', '2.00']);
  } finally {
    await core.stop();
  }
});
