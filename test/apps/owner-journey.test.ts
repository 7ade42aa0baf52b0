import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTestDatabase, startTestCore, type TestCore } from '../helpers/core.js';

/**
 * An owner's first evening on the sandbox: a master admin from the settings file promotes a player in game,
 * the new admin bans a troublemaker (the ban outlives a controller restart), queues two maps that are then
 * played in order, and changes records.listed live.
 */
it('owner journey: promote, ban across a restart, jukebox in order, a live setting change', async () => {
  const shared = await openTestDatabase();
  const start = async (players: [string, string][]): Promise<TestCore> => {
    const core = await startTestCore({
      apps: ['admin', 'records', 'maps'],
      database: shared.database,
      settings: { ADMINS: ['owner'], COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } },
    });
    for (const [login, nickName] of players) core.sandbox.playerJoin(login, nickName);
    await core.waitFor(() => core.runtime.server.players.size === players.length, 'the players');
    return core;
  };
  const say = async (core: TestCore, login: string, text: string, answer: string | RegExp): Promise<void> => {
    const before = core.chatLog.length;
    core.sandbox.playerChat(login, text);
    const matches = (line: string) => (typeof answer === 'string' ? line === answer : answer.test(line));
    await core.waitFor(() => core.chatLog.slice(before).some((chat) => matches(chat.text)), `the answer ${String(answer)}; got ${JSON.stringify(core.chatLog.slice(before).map((chat) => chat.text))}`);
  };

  let core = await start([['owner', 'Owner'], ['anna', 'Anna'], ['troll', 'Troll']]);
  try {
    await say(core, 'anna', '//ban troll', 'You are not allowed to use //ban.');
    await say(core, 'owner', '//admin add anna admin', 'anna is now in group admin.');
    await say(core, 'anna', '//ban troll spamming the chat', 'An admin banned Troll: spamming the chat');
    await core.waitFor(() => !core.runtime.server.players.has('troll'), 'the troll to be gone');
    await core.stop();

    // The controller restarts against a server that has forgotten its bans.
    core = await start([['owner', 'Owner'], ['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo']]);
    assert.equal(core.sandbox.world.banList.get('troll'), 'spamming the chat');
    assert.throws(() => core.sandbox.playerJoin('troll'), /refuses 'troll'/);

    // Two maps queued by the admin: the per-player limit is raised live first.
    await say(core, 'anna', '/jukebox add 3', 'Anna added Sandbox Ice to the jukebox (#1).');
    await say(core, 'anna', '/jukebox add 2', 'You already have a map in the jukebox (the limit); /jukebox drop removes yours.');
    await say(core, 'anna', '//set maps.jukeboxPerPlayer 2', 'maps.jukeboxPerPlayer is now 2.');
    await say(core, 'anna', '/jukebox add 2', 'Anna added Sandbox Loops to the jukebox (#2).');
    await core.nextMap();
    assert.equal(core.runtime.server.currentMap?.name, 'Sandbox Ice');
    await core.waitFor(() => core.sandbox.world.nextMap.Name === 'Sandbox Loops', 'the second queued map to be next');
    await core.nextMap();
    assert.equal(core.runtime.server.currentMap?.name, 'Sandbox Loops');

    for (const [login, time] of [['anna', 41_500], ['ben', 42_000], ['cleo', 43_000], ['owner', 44_000]] as const) await core.finish(login, time);
    await say(core, 'ben', '/records', /^Records on Sandbox Loops: 1\. Anna .+ \| 2\. Ben .+ \| 3\. Cleo .+ \| 4\. Owner .+$/);
    await say(core, 'anna', '//set records.listed 2', 'records.listed is now 2.');
    await core.waitFor(() => core.state('records') === 'RUNNING', 'records to run again');
    await say(core, 'ben', '/records', /^Records on Sandbox Loops: 1\. Anna [^|]+ \| 2\. Ben [^|]+$/);
    assert.ok(core.logs.some((entry) => entry.message === 'Setting records.listed set to 2 by anna'));
  } finally {
    await core.stop();
    await shared.close();
  }
});
