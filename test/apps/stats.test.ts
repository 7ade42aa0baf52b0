import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import type { StatsTables } from '../../apps/stats/store.js';
import { formatDuration } from '../../apps/stats/index.js';
import type { Kysely } from '../../core/index.js';
import { startTestCore, type TestCore } from '../helpers/core.js';
import { readUntil } from '../helpers/read-until.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const tables = (): Kysely<StatsTables> => core!.runtime.database.namespace('app_stats', "app 'stats'") as Kysely<StatsTables>;

async function row(login: string, check: (row: StatsTables['players']) => boolean): Promise<StatsTables['players']> {
  const found = await readUntil(() => tables().selectFrom('players').selectAll().where('login', '=', login).executeTakeFirst(), (value) => value !== undefined && check(value), `${login}'s stats row`);
  return found!;
}

async function reply(login: string, text: string): Promise<string> {
  const before = core!.chatLog.length;
  await core!.chat(login, text);
  await core!.waitFor(() => core!.chatLog.slice(before).some((line) => line.to?.includes(login)), `the answer to ${text}`);
  return core!.chatLog.slice(before).find((line) => line.to?.includes(login))!.text;
}

it('formats play time in hours and minutes', () => {
  assert.deepEqual([formatDuration(45_999), formatDuration(12 * 60_000 + 5), formatDuration(3 * 3_600_000 + 7 * 60_000)], ['45 s', '12 min', '3 h 07 min']);
});

it('counts play time from join to leave, finishes and maps played; /stats tells them with the records held', async () => {
  core = await startTestCore({ apps: ['stats', 'records'] });
  const today = new Date().toISOString().slice(0, 10);
  const before = Date.now();
  await core.join('anna', '$f00Anna');
  const joined = Date.now();
  await core.finish('anna', 41_000);
  await core.finish('anna', 40_000);
  await core.join('ben', 'Ben');
  await core.finish('ben', 39_000);
  await row('anna', (found) => Number(found.finishes) === 2);
  // The records app stores ben's time on its own: wait for it before asking who holds the record.
  const records = core.runtime.database.namespace('app_records', "app 'records'") as Kysely<any>;
  await readUntil(() => records.selectFrom('records').select('login').where('login', '=', 'ben').executeTakeFirst(), (value) => value !== undefined, "ben's record");
  assert.equal(
    await reply('ben', '/stats anna'),
    `Stats of $f00Anna$z: 0 s played, 2 finishes, 1 map played, 1 record (0 first); first seen ${today}, last seen ${today}.`.replace('0 s', formatDuration(Number((await row('anna', () => true)).play_ms))),
  );
  assert.equal(await reply('ben', '/stats'), `Stats of Ben: ${formatDuration(0)} played, 1 finish, 1 map played, 1 record (1 first); first seen ${today}, last seen ${today}.`);
  const leaving = Date.now();
  await core.leave('anna');
  const stored = await row('anna', (found) => Number(found.play_ms) > 0 || Date.now() - leaving > 1000);
  const after = Date.now();
  assert.ok(Number(stored.play_ms) >= leaving - joined && Number(stored.play_ms) <= after - before, `play time ${stored.play_ms} ms is within [${leaving - joined}, ${after - before}]`);

  await core.nextMap();
  await core.join('anna', 'Anna');
  const stats = await row('anna', (found) => found.nick_name === 'Anna');
  assert.equal(stats.first_seen.slice(0, 10), today);
  assert.equal(await reply('anna', '/stats nobody'), 'No stats for nobody: that login was never seen on this server.');
  const maps = await tables().selectFrom('maps_played').select('map_uid').where('login', '=', 'anna').execute();
  assert.equal(maps.length, 2, 'the map of the first visit and the one after the map change');
});

it('/topplaytime and /topfinishes list the players with the most, in windows', async () => {
  core = await startTestCore({ apps: ['stats'] });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.join('cleo', 'Cleo');
  await row('cleo', () => true);
  await tables().updateTable('players').set({ play_ms: 2 * 3_600_000, finishes: 3 }).where('login', '=', 'anna').execute();
  await tables().updateTable('players').set({ play_ms: 5 * 60_000, finishes: 30 }).where('login', '=', 'ben').execute();
  await core.chat('cleo', '/topplaytime');
  const window = (id: string) => core!.ui.page('cleo', `pitwall.stats.${id}`);
  await core.waitFor(() => window('topplaytime') !== undefined, 'the play time window');
  const played = window('topplaytime')!.texts;
  assert.deepEqual(played.slice(played.indexOf('Played') + 1, played.indexOf('Played') + 7), ['1.', 'Anna', '2 h 00 min', '2.', 'Ben', '5 min']);
  await core.chat('cleo', '/topfinishes');
  await core.waitFor(() => window('topfinishes') !== undefined, 'the finishes window');
  const finished = window('topfinishes')!.texts;
  assert.deepEqual(finished.slice(finished.indexOf('Finishes') + 1, finished.indexOf('Finishes') + 7), ['1.', 'Ben', '30', '2.', 'Anna', '3']);
});
