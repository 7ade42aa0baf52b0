import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CommandRateLimiter } from '../../../core/server/command-rate.js';
import type { ServerEventMap } from '../../../core/server/event-map.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const lastChat = () => core!.sandbox.chatLog.at(-1);

describe('server facade', () => {
  it('loads server info, and keeps players and counts in step (the server itself excluded)', async () => {
    core = await startTestCore();
    const server = core.runtime.server;
    assert.deepEqual(server.info, {
      name: 'Pitwall Sandbox',
      login: 'pitwall-sandbox',
      titleId: 'Trackmania',
      version: '3.3.0',
      build: '2026-11-01_12_00',
      apiVersion: '2023-03-25',
      status: 'Running - Play',
      modeScript: 'Trackmania/TM_TimeAttack_Online.Script.txt',
    });
    assert.equal(server.currentMap?.name, 'Sandbox Sprint');
    core.sandbox.playerJoin('anna', 'Anna');
    core.sandbox.playerJoin('ben', 'Ben', true);
    await core.waitFor(() => server.players.size === 2, 'two players');
    assert.equal(server.playerCount, 1);
    assert.equal(server.spectatorCount, 1);
    assert.deepEqual(server.players.get('anna'), { login: 'anna', nickName: 'Anna', playerId: 1, teamId: -1, isSpectator: false, ladderRanking: 0 });
    core.sandbox.playerLeave('ben');
    await core.waitFor(() => server.players.size === 1, 'ben to leave');
    assert.equal(server.spectatorCount, 0);
  });

  it('turns callbacks into typed events, in the server order, attributed to the listening app', async () => {
    const seen: string[] = [];
    const record = <E extends keyof ServerEventMap>(event: E, describe: (payload: ServerEventMap[E]) => string) => (payload: ServerEventMap[E]) => void seen.push(`${event} ${describe(payload)}`);
    core = await startTestCore({
      apps: [
        testApp('listener', {
          init(ctx) {
            ctx.on('playerConnect', record('playerConnect', (p) => `${p.login} ${p.player?.nickName}`));
            ctx.on('playerChat', record('playerChat', (p) => `${p.login}: ${p.text}`));
            ctx.on('playerDisconnect', record('playerDisconnect', (p) => `${p.login} ${p.reason}`));
            ctx.on('endMap', record('endMap', (p) => p.map.name));
            ctx.on('beginMap', record('beginMap', (p) => p.map.name));
            ctx.on('modeScript', (p) => void (p.name === 'Maniaplanet.StartMap_Start' && seen.push(`modeScript ${p.name} restarted=${String((p.data as { restarted?: boolean }).restarted)}`)));
            ctx.on('playerChat', () => {
              throw new Error('listener fault');
            });
          },
        }),
      ],
    });
    core.sandbox.playerJoin('anna', 'Anna');
    core.sandbox.playerChat('anna', 'hello');
    await core.waitFor(() => seen.length === 2, 'join and chat');
    core.sandbox.playerLeave('anna', 'bye');
    core.sandbox.nextMap();
    await core.waitFor(() => seen.length >= 6, 'six events');
    assert.deepEqual(seen, [
      'playerConnect anna Anna',
      'playerChat anna: hello',
      'playerDisconnect anna bye',
      'endMap Sandbox Sprint',
      'beginMap Sandbox Loops',
      'modeScript Maniaplanet.StartMap_Start restarted=false',
    ]);
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message, entry.attribution.event?.name]), [['listener', 'listener fault', 'playerChat']]);
  });

  it('tracks a player who leaves before their info could be read, then forgets them', async () => {
    const joined: string[] = [];
    core = await startTestCore({ apps: [testApp('listener', { init: (ctx) => void ctx.on('playerConnect', ({ player }) => void joined.push(player.nickName)) })] });
    core.sandbox.playerJoin('ghost', 'Ghost');
    core.sandbox.playerLeave('ghost');
    await core.waitFor(() => joined.length === 1, 'the join');
    await core.waitFor(() => core!.runtime.server.players.size === 0, 'the leave');
    assert.deepEqual(joined, ['ghost']);
  });

  it('asks the server for the API version in GBX settings', async () => {
    core = await startTestCore({ settings: { GBX: { apiVersion: '2022-03-21', requestTimeoutMs: 5000, maxRequestBytes: 2 * 1024 * 1024, maxResponseBytes: 4 * 1024 * 1024 } } });
    assert.deepEqual(core.sandbox.apiVersions, ['2022-03-21']);
  });

  it('does not treat the server echoing its own messages as player chat', async () => {
    const chats: string[] = [];
    core = await startTestCore({ apps: [testApp('listener', { init: (ctx) => void ctx.on('playerChat', ({ text }) => void chats.push(text)) })] });
    await core.runtime.server.chat('from the server');
    core.sandbox.playerJoin('anna');
    core.sandbox.playerChat('anna', 'from anna');
    await core.waitFor(() => chats.length > 0, 'a chat');
    assert.deepEqual(chats, ['from anna']);
  });

  it('routes chat commands, answers denied and unknown ones, and lists allowed ones with /help', async () => {
    const ran: string[] = [];
    core = await startTestCore({
      settings: { ADMINS: ['boss'] },
      apps: [
        testApp('tools', {
          init(ctx) {
            ctx.command('hello', (call) => call.reply(`hi ${call.login} ${call.args.join('+')}`), { description: 'says hi' });
            ctx.command('secret', () => void ran.push('secret'), { admin: true, description: 'admins only' });
          },
        }),
      ],
    });
    core.sandbox.playerJoin('anna');
    core.sandbox.playerJoin('boss');
    const says = async (login: string, text: string, expected: string) => {
      core!.sandbox.playerChat(login, text);
      await core!.waitFor(() => lastChat()?.text === expected, `the answer '${expected}'`);
      assert.deepEqual(lastChat()?.to, [login]);
    };
    await says('anna', '/hello a b', 'hi anna a+b');
    await says('anna', '/secret', 'You are not allowed to use //secret.');
    await says('anna', '/nope', 'Unknown command /nope. Type /help for the list.');
    await says('anna', '/help', 'Commands: /hello - says hi | /help - lists the chat commands you can use. Type /help <command> for its usage.');
    await says(
      'boss',
      '/help',
      "Commands: //admin - manages who is operator, admin or master admin | //app - lists the apps and reloads one without restarting Pitwall | /hello - says hi | /help - lists the chat commands you can use | //secret - admins only | //set - changes an app's setting live; --reset goes back to the settings file | //settings - shows every app's settings, where each value comes from, and edits them. Type /help <command> for its usage.",
    );
    core.sandbox.playerChat('boss', '/secret');
    await core.waitFor(() => ran.length === 1, 'the admin command');
  });

  it('emits disconnected and reconnected, and reloads state after the server comes back', async () => {
    const seen: string[] = [];
    core = await startTestCore({
      apps: [
        testApp('watcher', {
          init(ctx) {
            ctx.on('disconnected', () => void seen.push('disconnected'));
            ctx.on('reconnected', () => void seen.push(`reconnected with ${ctx.server.players.size} players`));
          },
        }),
      ],
    });
    core.sandbox.dropConnections();
    core.sandbox.playerJoin('late');
    await core.waitFor(() => seen.length === 2, 'reconnect', 10_000);
    assert.deepEqual(seen, ['disconnected', 'reconnected with 1 players']);
  });

  it('drops a reply to a player who just left with a debug line, never an app error; a real fault still is one', async () => {
    core = await startTestCore({
      settings: { DEBUG: true },
      apps: [testApp('tools', { init: (ctx) => void ctx.command('hello', (call) => call.reply('hi')) })],
    });
    core.sandbox.playerJoin('anna');
    core.sandbox.playerChat('anna', '/hello');
    core.sandbox.playerLeave('anna');
    const dropped = 'Dropped ChatSendServerMessageToLogin: the player it was meant for has left (ChatSendServerMessageToLogin failed with fault -1000: Login unknown.)';
    await core.waitFor(() => core!.logs.some((entry) => entry.level === 'debug' && entry.message === dropped), 'the debug line');
    assert.deepEqual(core.sandbox.faults.filter((fault) => fault.method === 'ChatSendServerMessageToLogin'), [
      { method: 'ChatSendServerMessageToLogin', code: -1000, message: 'Login unknown.' },
    ]);
    assert.equal(core.errors.length, 0);

    core.sandbox.playerJoin('ben');
    core.sandbox.injectFault('ChatSendServerMessageToLogin', -1000, 'Internal error.');
    core.sandbox.playerChat('ben', '/hello');
    await core.waitFor(() => core!.errors.length === 1, 'the app error');
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message]), [['tools', 'ChatSendServerMessageToLogin failed with fault -1000: Internal error.']]);
  });

  it('answers the first command over COMMAND_RATE_LIMIT once, then ignores the rest of the burst', async () => {
    let ran = 0;
    core = await startTestCore({
      settings: { COMMAND_RATE_LIMIT: { count: 3, seconds: 3600 } },
      apps: [testApp('tools', { init: (ctx) => void ctx.command('hello', (call) => call.reply(`hi ${++ran}`)) })],
    });
    await core.join('anna');
    for (let i = 0; i < 3; i++) core.sandbox.playerChat('anna', '/hello');
    await core.waitForChat('hi 3');
    core.sandbox.playerChat('anna', '/hello');
    await core.waitForChat('Slow down: at most 3 commands every 3600 s. Try again in a moment.');
    core.sandbox.playerChat('anna', '/hello');
    core.sandbox.playerChat('anna', '/help');
    await core.chat('anna', 'still here');
    assert.equal(ran, 3);
    assert.deepEqual(core.sandbox.chatLog.map((chat) => chat.text), ['hi 1', 'hi 2', 'hi 3', 'Slow down: at most 3 commands every 3600 s. Try again in a moment.']);
  });

  it('/help <command> shows its usage; a wrong /help is answered in one line', async () => {
    core = await startTestCore({
      settings: { ADMINS: ['boss'] },
      apps: [testApp('tools', { init: (ctx) => void ctx.command('secret', () => undefined, { admin: true, description: 'admins only' }) })],
    });
    await core.join('anna');
    await core.join('boss');
    await core.chat('anna', '/help help');
    await core.waitForChat('Usage: /help [command] - lists the chat commands you can use - <command> a command to show the usage of');
    await core.chat('anna', '/help nope');
    await core.waitForChat('Unknown command /nope. Type /help for the list.');
    await core.chat('anna', '/help secret');
    await core.waitFor(() => core!.sandbox.chatLog.filter((chat) => chat.text === 'Unknown command /secret. Type /help for the list.').length === 1, 'secret unknown to anna');
    await core.chat('anna', '/help secret now');
    await core.waitForChat("Too many arguments: 'now' is not expected. Usage: /help [command]");
    await core.chat('boss', '//help //secret');
    await core.waitForChat('Usage: //secret - admins only');
    assert.deepEqual(core.errors, []);
  });

  it('a flood of wrong commands gets one polite answer, never an error report', async () => {
    core = await startTestCore({
      settings: { COMMAND_RATE_LIMIT: { count: 2, seconds: 3600 } },
      apps: [testApp('tools', { init: (ctx) => void ctx.command({ name: 'add', params: { n: { type: 'integer' } } }, (call) => call.reply(`${call.params.n + 1}`)) })],
    });
    await core.join('anna');
    for (let i = 0; i < 50; i++) core.sandbox.playerChat('anna', i % 2 ? '/add x' : '/nope');
    await core.chat('anna', 'done');
    await core.waitFor(() => core!.sandbox.chatLog.length === 3, 'three answers');
    assert.deepEqual(core.sandbox.chatLog.map((chat) => chat.text), [
      'Unknown command /nope. Type /help for the list.',
      "Wrong <n>: expected a whole number, got 'x'. Usage: /add <n>",
      'Slow down: at most 2 commands every 3600 s. Try again in a moment.',
    ]);
    assert.deepEqual(core.errors, []);
    // The container's limiter is the one chat commands use, so UI actions share anna's budget.
    assert.deepEqual(core.runtime.container.resolve(CommandRateLimiter).check('anna'), { run: false });
    assert.deepEqual(core.runtime.container.resolve(CommandRateLimiter).check('ben'), { run: true });
  });

  it('does not echo a malformed or huge unknown command back', async () => {
    core = await startTestCore();
    await core.join('anna');
    core.sandbox.playerChat('anna', `/${'x'.repeat(65_536)}`);
    core.sandbox.playerChat('anna', '/nope$l[http://x]link');
    core.sandbox.playerChat('anna', '/NOPE now');
    await core.waitFor(() => core!.sandbox.chatLog.length === 3, 'three answers');
    assert.deepEqual(core.sandbox.chatLog.map((chat) => chat.text), [
      'Unknown command. Type /help for the list.',
      'Unknown command. Type /help for the list.',
      'Unknown command /nope. Type /help for the list.',
    ]);
  });

  it('logs a /help answer that could not be sent, without reporting a core error', async () => {
    core = await startTestCore();
    await core.join('anna');
    core.sandbox.injectFault('ChatSendServerMessageToLogin', -1000, 'Internal error.');
    core.sandbox.playerChat('anna', '/help');
    const line = 'Could not answer /help for anna: ChatSendServerMessageToLogin failed with fault -1000: Internal error.';
    await core.waitFor(() => core!.logs.some((entry) => entry.level === 'warn' && entry.message === line), 'the warning');
    assert.deepEqual(core.errors, []);
  });

  it('asks GetPlayerList for the Forever struct explicitly and never counts a server entry as a player', async () => {
    core = await startTestCore();
    core.sandbox.playerJoin('anna', 'Anna');
    core.sandbox.playerJoin('spec', 'Watcher', true);
    // A relay server listed among the players: the Flags digit for "is a server" is set.
    core.sandbox.world.players.set('relay', { ...core.sandbox.world.serverEntry, Login: 'relay', NickName: 'Relay', PlayerId: 9, Flags: 100_000 });
    const reloaded = core.nextEvent('reconnected');
    core.sandbox.dropConnections();
    await reloaded;
    const server = core.runtime.server;
    assert.deepEqual([...server.players.keys()].sort(), ['anna', 'spec']);
    assert.equal(server.playerCount, 1);
    assert.equal(server.spectatorCount, 1);
    const requests = core.sandbox.calls.filter((call) => call.method === 'GetPlayerList');
    assert.deepEqual(requests.at(-1)?.params, [-1, 0, 1]);
  });

  it('carries the chat channel on playerChat, and runs commands typed in team or spectator chat', async () => {
    const seen: string[] = [];
    core = await startTestCore({
      apps: [
        testApp('tools', {
          init(ctx) {
            ctx.on('playerChat', ({ login, text, channel }) => void seen.push(`${login} ${channel}: ${text}`));
            ctx.command('hello', (call) => call.reply(`hi ${call.login}`));
          },
        }),
      ],
    });
    await core.join('anna');
    await core.runtime.server.chat('from the server');
    core.sandbox.playerChat('anna', 'gg');
    core.sandbox.playerChat('anna', '/hello', 'team');
    await core.waitForChat('hi anna');
    core.sandbox.playerChat('anna', 'go team', 'team');
    core.sandbox.playerChat('anna', '/hello', 'spectator');
    await core.waitFor(() => core!.sandbox.chatLog.filter((chat) => chat.text === 'hi anna').length === 2, 'the second answer');
    assert.deepEqual(seen, ['anna normal: gg', 'anna team: /hello', 'anna team: go team', 'anna spectator: /hello']);
  });

  it('does not let unanswered GetPlayerInfo calls hold up the callbacks behind them', async () => {
    const seen: string[] = [];
    core = await startTestCore({
      apps: [
        testApp('listener', {
          init(ctx) {
            ctx.on('playerConnect', ({ login, player }) => void seen.push(`join ${login} as ${player.nickName}`));
            ctx.on('playerChat', ({ login, text }) => void seen.push(`${login}: ${text}`));
          },
        }),
      ],
    });
    const release = core.sandbox.holdAnswers('GetPlayerInfo');
    core.sandbox.playerJoin('anna', 'Anna');
    core.sandbox.playerJoin('ben', 'Ben');
    core.sandbox.playerJoin('cara', 'Cara');
    core.sandbox.playerChat('anna', 'anyone?');
    await core.waitFor(() => seen.length === 4, 'the joins and the chat while GetPlayerInfo goes unanswered');
    assert.deepEqual(seen, ['join anna as anna', 'join ben as ben', 'join cara as cara', 'anna: anyone?']);
    // PlayerInfoChanged, which the server sends with each join, fills in what GetPlayerInfo would have said.
    await core.waitFor(() => core!.runtime.server.players.get('cara')?.nickName === 'Cara', 'the nicknames');
    release();
    await core.waitFor(() => core!.sandbox.calls.filter((call) => call.method === 'GetPlayerInfo').length === 3, 'the held answers');
  });

  it('once disposed, stops listening to the session and removes its /help', async () => {
    core = await startTestCore();
    await core.join('anna');
    await core.runtime.server.dispose();
    assert.equal(core.runtime.commands.list().some((command) => command.name === 'help'), false);
    const arrived = new Promise<void>((resolve) => {
      const stop = core!.runtime.session.onCallback((method, params) => {
        if (method !== 'ManiaPlanet.PlayerConnect' || params[0] !== 'ben') return;
        stop();
        resolve();
      });
    });
    core.sandbox.playerJoin('ben');
    await arrived;
    // A facade still listening would have asked for ben's info the moment the join arrived, before this call.
    await core.runtime.session.call('GetStatus');
    assert.deepEqual(core.sandbox.calls.filter((call) => call.method === 'GetPlayerInfo' && call.params[0] === 'ben'), []);
    assert.deepEqual([...core.runtime.server.players.keys()], ['anna']);
  });

  it('resolves a kick or a ManiaLink sent to a player who already left, and still fails on other faults', async () => {
    core = await startTestCore({ settings: { DEBUG: true } });
    const server = core.runtime.server;
    await server.kick('gone', 'bye');
    assert.equal(await server.call('SendDisplayManialinkPageToLogin', 'gone', '<manialink version="3"/>', 0, false), false);
    assert.equal(await server.call('SendHideManialinkPageToLogin', 'gone'), false);
    const dropped = core.logs.filter((entry) => entry.level === 'debug' && entry.message.startsWith('Dropped '));
    assert.deepEqual(dropped.map((entry) => entry.message.split(':')[0]), ['Dropped Kick', 'Dropped SendDisplayManialinkPageToLogin', 'Dropped SendHideManialinkPageToLogin']);
    core.sandbox.injectFault('Kick', -1000, "Can't kick server.");
    await assert.rejects(server.kick('pitwall-sandbox'), { message: "Kick failed with fault -1000: Can't kick server." });
  });
});
