import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startCoreBehindRelay, type CoreBehindRelay } from '../../helpers/core-behind-relay.js';
import { testApp } from '../../helpers/core.js';

let setup: CoreBehindRelay | undefined;
afterEach(async () => {
  await setup?.stop();
  setup = undefined;
});

const dropLines = (setup: CoreBehindRelay) => setup.core.logs.filter((entry) => entry.level === 'debug' && entry.message.startsWith('Dropped ')).map((entry) => entry.message);

describe('callbacks that do not have the shape the server documents never reach an app', () => {
  it('drops a PlayerChat whose login is not a string: a forged ["boss"] does not run //skip as boss', async () => {
    const ran: string[] = [];
    const chats: string[] = [];
    setup = await startCoreBehindRelay({
      settings: { DEBUG: true, ADMINS: ['boss'] },
      apps: [
        testApp('tools', {
          init(ctx) {
            ctx.command('skip', (call) => void ran.push(call.login), { admin: true });
            ctx.on('playerChat', ({ login, text }) => void chats.push(`${login}: ${text}`));
          },
        }),
      ],
    });
    await setup.join('boss');
    setup.relay.sendCallback('ManiaPlanet.PlayerChat', [1, ['boss'], '//skip', false, 0]);
    setup.relay.sendCallback('ManiaPlanet.PlayerChat', [1, ['boss'], '//skip', false, 0]);
    setup.relay.sendCallback('ManiaPlanet.PlayerChat', [1, 42, '//skip', false, 0]);
    const done = setup.core.nextEvent('playerChat', ({ text }) => text === 'done');
    setup.sandbox.playerChat('boss', 'done');
    await done;
    assert.deepEqual(ran, []);
    assert.deepEqual(chats, ['boss: done']);
    assert.deepEqual(dropLines(setup), [
      'Dropped ManiaPlanet.PlayerChat: its login is an array, not a string; further ones like it are dropped without a line',
      'Dropped ManiaPlanet.PlayerChat: its login is a number, not a string; further ones like it are dropped without a line',
    ]);
  });

  it('drops script callback data that is not a JSON object, with one debug line per kind, and no app error', async () => {
    const seen: unknown[] = [];
    setup = await startCoreBehindRelay({
      settings: { DEBUG: true },
      apps: [testApp('listener', { init: (ctx) => void ctx.on('modeScript', ({ name, data }) => void (name === 'Test.Event' && seen.push(data))) })],
    });
    const { sandbox, relay, core } = setup;
    for (const data of [[1, 2], 'text', 5, null, [3]]) sandbox.scriptCallback('Test.Event', data);
    await core.waitFor(() => dropLines(setup!).length === 4, 'four kinds dropped');
    relay.sendCallback('ManiaPlanet.ModeScriptCallbackArray', ['Test.Event', ['{"login": ']]);
    relay.sendCallback('ManiaPlanet.ModeScriptCallbackArray', ['Test.Event', []]);
    relay.sendCallback('ManiaPlanet.ModeScriptCallbackArray', [['Test.Event'], ['{}']]);
    const good = core.nextEvent('modeScript', ({ name }) => name === 'Test.Event');
    sandbox.scriptCallback('Test.Event', { login: 'anna' });
    await good;
    assert.deepEqual(seen, [{ login: 'anna' }]);
    const tail = '; further ones like it are dropped without a line';
    assert.deepEqual(dropLines(setup), [
      `Dropped script callback "Test.Event": its data is an array, not a JSON object${tail}`,
      `Dropped script callback "Test.Event": its data is a string, not a JSON object${tail}`,
      `Dropped script callback "Test.Event": its data is a number, not a JSON object${tail}`,
      `Dropped script callback "Test.Event": its data is null, not a JSON object${tail}`,
      `Dropped script callback "Test.Event": its data is not valid JSON${tail}`,
      `Dropped script callback "Test.Event": its data is missing, not a JSON text${tail}`,
      `Dropped script callback: its name is an array, not a string${tail}`,
    ]);
    assert.deepEqual(core.errors, []);
  });

  it('drops joins, leaves and clicks whose login is not a string', async () => {
    const seen: string[] = [];
    setup = await startCoreBehindRelay({
      settings: { DEBUG: true },
      apps: [
        testApp('listener', {
          init(ctx) {
            ctx.on('playerConnect', ({ login }) => void seen.push(`join ${login}`));
            ctx.on('playerDisconnect', ({ login }) => void seen.push(`leave ${login}`));
            ctx.on('playerAnswer', ({ login }) => void seen.push(`click ${login}`));
          },
        }),
      ],
    });
    const { relay, core } = setup;
    await setup.join('anna');
    relay.sendCallback('ManiaPlanet.PlayerConnect', [{ Login: 'ghost' }, false]);
    relay.sendCallback('ManiaPlanet.PlayerManialinkPageAnswer', [1, 7, 'pitwall.x.y.0', []]);
    relay.sendCallback('ManiaPlanet.PlayerManialinkPageAnswer', [1, 'anna', null, []]);
    relay.sendCallback('ManiaPlanet.PlayerDisconnect', [['anna'], '']);
    await core.waitFor(() => dropLines(setup!).length === 4, 'four drops');
    const tail = '; further ones like it are dropped without a line';
    assert.deepEqual(dropLines(setup), [
      `Dropped ManiaPlanet.PlayerConnect: its login is a struct, not a string${tail}`,
      `Dropped ManiaPlanet.PlayerManialinkPageAnswer: its login is a number, not a string${tail}`,
      `Dropped ManiaPlanet.PlayerManialinkPageAnswer: its answer is null, not a string${tail}`,
      `Dropped ManiaPlanet.PlayerDisconnect: its login is an array, not a string${tail}`,
    ]);
    assert.deepEqual(seen, ['join anna']);
    assert.deepEqual([...core.runtime.server.players.keys()], ['anna']);
  });
});
