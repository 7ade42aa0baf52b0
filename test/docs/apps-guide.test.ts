import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';
import commands from '../../docs/examples/commands.js';
import { bestCommand, bestTimes } from '../../docs/examples/dependencies.js';
import feed from '../../docs/examples/feed.js';
import finishes from '../../docs/examples/finishes.js';
import reminder from '../../docs/examples/reminder.js';
import liveSettings from '../../docs/examples/live-settings.js';
import personalBest from '../../docs/examples/personal-best.js';
import raceEvents from '../../docs/examples/race-events.js';
import typedCommands from '../../docs/examples/typed-commands.js';
import translations from '../../docs/examples/translations.js';
import vote from '../../docs/examples/vote.js';
import widget from '../../docs/examples/widget.js';
import { openWriteJournal } from '../../core/storage/write-journal.js';
import { checkMessages, startTestCore, type TestCore } from '../helpers/core.js';
import { CuttablePglite } from '../helpers/cuttable-pglite.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

describe('docs/apps.md', () => {
  it('shows every example file, exactly as compiled and tested', () => {
    const guide = readFileSync(join(PROJECT_ROOT, 'docs', 'apps.md'), 'utf8');
    const shown = [...guide.matchAll(/<!-- example: (docs\/examples\/[\w.-]+) -->\n```tsx?\n([\s\S]*?)```/g)];
    const files = readdirSync(join(PROJECT_ROOT, 'docs', 'examples')).filter((name) => /\.tsx?$/.test(name)).map((name) => `docs/examples/${name}`);
    assert.deepEqual(shown.map(([, file]) => file).sort(), files.sort());
    for (const [, file, code] of shown) assert.equal(code, readFileSync(join(PROJECT_ROOT, file!), 'utf8'), file);
    assert.equal((guide.match(/```tsx?\n/g) ?? []).length, shown.length, 'every TypeScript sample is an example file');
  });

  it('commands: everyone may use /online, only admins /announce', async () => {
    core = await startTestCore({ apps: [commands], settings: { ADMINS: ['boss'] } });
    await core.join('anna');
    await core.join('boss');
    await core.chat('anna', '/online');
    await core.waitForChat('2 racing, 0 watching');
    await core.chat('anna', '/announce hi');
    await core.waitForChat('You are not allowed to use //announce.');
    await core.chat('boss', '//announce');
    await core.waitForChat('Usage: //announce <message>');
    await core.chat('boss', '/announce Cup at eight');
    await core.waitForChat('[Admin] Cup at eight');
  });

  it('typed commands: values arrive typed, wrong input is answered with the usage, levels are checked', async () => {
    core = await startTestCore({ apps: [typedCommands], settings: { ADMINS: ['boss'] } });
    await core.join('anna', 'Anna');
    await core.join('andy', 'Andy');
    await core.join('olga', 'Olga');
    await core.join('boss', 'The Boss');
    await core.runtime.access.grant('boss', 'olga', 'operator');
    const answers = async (login: string, line: string, answer: string) => {
      await core!.chat(login, line);
      await core!.waitForChat(answer);
    };
    await answers('anna', '/target 1:23.456 my best', 'Target: 83456 ms (my best)');
    await answers('anna', '/t 59.5', 'Target: 59500 ms');
    await answers('anna', '/target soon', "Wrong <time>: expected a time like 1:23.456, got 'soon'. Usage: /target <time> [note...]");
    await answers('anna', '//cup warn andy', 'You are not allowed to use //cup.');
    await answers('olga', '//cup warn an', "Wrong <player>: 'an' matches 2 players: Anna (anna), Andy (andy); type more of the name, or the exact login. Usage: //cup warn <player> [times]");
    await answers('olga', '//cup warn andy 5', "Wrong <times>: expected a whole number from 1 to 3, got '5'. Usage: //cup warn <player> [times]");
    await answers('olga', '//cup warn ndy', 'Andy is warned (1/3)');
    await answers('olga', '//cup points f1', 'You are not allowed to use //cup points.');
    // An operator is shown only the sub-commands an operator may run; an admin sees both.
    await answers('olga', '//cup kick anna', "Unknown sub-command 'kick' of //cup: expected warn. Usage: //cup <warn>");
    await answers('boss', '//cup kick anna', "Unknown sub-command 'kick' of //cup: expected warn or points. Usage: //cup <warn|points>");
    // /laps [player] and //laps reset <login> in one declaration.
    await answers('anna', '/laps', 'anna: 0 laps');
    await answers('anna', '/laps and', 'andy: 0 laps');
    await answers('anna', '/laps reset andy', 'You are not allowed to use //laps reset.');
    await answers('anna', '/laps nobody', "Wrong <player>: no connected player has the login 'nobody' or a name containing it. Usage: /laps [player]");
    await answers('boss', '//laps reset andy', 'Laps of andy cleared.');
    await answers('boss', '/help laps', "Usage: /laps [player] | //laps reset <login> (clears a player's laps) - shows a player's laps - <player> a connected player's login or a part of their name");
    await answers('boss', '//cup points linear off', 'Points set to linear.');
    await answers('boss', '//cup points f1', 'Points: f1');
    await answers('anna', '/help target', 'Usage: /target <time> [note...] - sets your target time - <time> a time like 1:23.456; <note> some text - also /t');
    assert.equal(core.sandbox.chatLog.filter((chat) => chat.text.startsWith('Points:')).length, 1);
    assert.deepEqual(core.errors, []);
  });

  it("translations: each player reads the app's lines in their game's language, every key translated", async () => {
    assert.deepEqual(checkMessages(translations), []);
    core = await startTestCore({ apps: [translations] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.waitForChat('Bienvenue, Anna !');
    await core.join('bert', 'Bert', { language: 'de' });
    await core.waitForChat('Willkommen, Bert!');
    await core.join('cleo', 'Cleo');
    await core.waitForChat('Welcome, Cleo!');
    await core.chat('anna', '/laps');
    await core.waitForChat('Vous avez roulé 0 tours.');
  });

  it('settings and timers: the owner shortens the reminder', async () => {
    core = await startTestCore({ apps: [reminder], settings: { APP_SETTINGS: { reminder: { everyMs: 1000, message: 'Drink!' } } } });
    await core.waitForChat('Drink!', 3000);
  });

  it('database: both migrations run, finishes are stored and /finishes queries them', async () => {
    core = await startTestCore({ apps: [finishes] });
    assert.ok(core.logs.some((entry) => entry.message === "App 'finishes': applied database migrations 001-create-finishes, 002-add-driven-at"));
    await core.join('anna');
    await core.chat('anna', '/finishes');
    await core.waitForChat('No finish yet.');
    await core.finish('anna', 25_500);
    await core.finish('anna', 25_100);
    // The handler's insert completes after the event is delivered: wait until both rows are there.
    const stored = core.runtime.database.namespace<{ finishes: { login: string } }>('app_finishes', 'test');
    for (let attempt = 0; attempt < 200 && (await stored.selectFrom('finishes').select('login').execute()).length < 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await core.chat('anna', '/finishes');
    await core.waitForChat('2 finishes, best 25100 ms');
  });

  it('outage: a finish made while the database is unreachable is queued and stored when it is back; /pb says why it cannot answer meanwhile', async () => {
    const server = new CuttablePglite();
    const database = server.open();
    try {
      core = await startTestCore({ apps: [personalBest], database });
      const journal = await openWriteJournal(database, { dataDir: core.dataDir, log: core.runtime.logger.child({ label: 'database' }), retryMs: 20 });
      await core.join('anna');
      await core.finish('anna', 30_000);
      await core.chat('anna', '/pb');
      await core.waitForChat('Your best: 30000 ms');
      server.cut();
      await core.finish('anna', 29_000);
      await core.waitFor(() => core!.logs.some((entry) => entry.message === 'The finish of anna waits for the database'), 'the finish queued');
      await core.chat('anna', '/pb');
      await core.waitForChat('The database is unreachable right now; your finishes are kept and stored when it is back.');
      server.restore();
      await core.waitFor(() => core!.logs.some((entry) => entry.message === 'database back: 1 write replayed'), 'the replay');
      await core.chat('anna', '/pb');
      await core.waitForChat('Your best: 29000 ms');
      assert.equal(core.state('personal-best'), 'RUNNING');
      await core.stop();
      core = undefined;
      await journal.dispose();
    } finally {
      await database.close();
      await server.close();
    }
  });

  it('live changes: //set reaches the app through its listener, and the next join hears the new greeting', async () => {
    core = await startTestCore({ apps: [liveSettings], settings: { ADMINS: ['boss'] } });
    await core.join('boss');
    await core.waitForChat('Welcome!');
    await core.chat('boss', '//set greeter.greeting Hello there');
    await core.waitForChat('greeter.greeting is now "Hello there".');
    assert.ok(core.logs.some((entry) => entry.message === 'boss set greeting to "Hello there"'));
    await core.join('anna');
    await core.waitForChat('Hello there');
    assert.equal(core.state('greeter'), 'RUNNING');
  });

  it('dependencies: /best reads what best-times recorded', async () => {
    core = await startTestCore({ apps: [bestCommand, bestTimes] });
    await core.join('anna');
    await core.chat('anna', '/best');
    await core.waitForChat('No finish yet.');
    await core.finish('anna', 25_123);
    await core.chat('anna', '/best');
    await core.waitForChat('Your best: 25123 ms');
  });

  it('feed: the app declares a DSN, and the harness shows what its developers would get', async () => {
    core = await startTestCore({ apps: [feed] });
    await core.join('anna');
    await core.chat('anna', '/crash');
    await core.waitFor(() => core!.errors.length === 1, 'the crash');
    assert.equal(core.errors[0]!.app, 'crash-demo');
    const preview = core.feedPreview('crash-demo', core.errors[0]!.error) as { release: string; exception: { values: { value: string }[] } };
    assert.equal(preview.release, 'crash-demo@1.0.0');
    assert.equal(preview.exception.values.at(-1)!.value, 'crash-demo was asked to crash');
  });

  it('widget: each player sees their own finish count; a finish updates only that player', async () => {
    core = await startTestCore({ apps: [widget] });
    await core.join('anna');
    await core.join('ben');
    await core.waitFor(() => core!.ui.page('ben', 'pitwall.finish-counter.counter') !== undefined, 'the widgets');
    const sent = core.sandbox.calls.length;
    await core.finish('anna', 25_000);
    await core.waitFor(() => core!.ui.page('anna', 'pitwall.finish-counter.counter')?.texts[0] === 'Finishes: 1', "anna's count");
    assert.deepEqual(core.ui.page('ben', 'pitwall.finish-counter.counter')?.texts, ['Finishes: 0']);
    assert.deepEqual(core.sandbox.calls.slice(sent).filter((call) => call.method.startsWith('SendDisplay')).map((call) => call.params[0]), ['anna']);
  });

  it('race events: splits against the best run, respawns counted, the winner, warm-up and pause, from the callbacks a server sends', async () => {
    // Payloads as maniaplanet/script-xmlrpc XmlRpcListing.md documents them (Trackmania.Event.*, Trackmania.Scores,
    // Maniaplanet.WarmUp.*, Maniaplanet.Pause.Status); the runs are the sandbox's WayPoints.
    core = await startTestCore({ apps: [raceEvents] });
    await core.join('anna', '$f80Anna');
    const toAnna = (text: string) => core!.waitFor(() => core!.chatLog.some((chat) => chat.text === text && chat.to?.includes('anna')), `'${text}' to anna`);
    core.sandbox.playerRun('anna', 30_000);
    await toAnna('Finished in 30000 ms with 0 respawn(s)');
    core.sandbox.scriptCallback('Trackmania.Event.StartLine', { time: 90_000, login: 'anna' });
    core.sandbox.scriptCallback('Trackmania.Event.Respawn', { time: 93_000, login: 'anna', nbrespawns: 1, racetime: 3_000, laptime: 3_000, checkpointinrace: -1, checkpointinlap: -1 });
    core.sandbox.playerRun('anna', 25_000);
    for (const split of ['Checkpoint 1: -1000 ms', 'Checkpoint 2: -2000 ms', 'Checkpoint 3: -3000 ms', 'Checkpoint 4: -4000 ms']) await toAnna(split);
    await toAnna('Finished in 25000 ms with 1 respawn(s)');
    const anna = { login: 'anna', name: '$f80Anna', rank: 1, roundpoints: 0, mappoints: 0, matchpoints: 0, bestracetime: 25_000, bestlaptime: 25_000 };
    core.sandbox.scriptCallback('Trackmania.Scores', { section: 'EndMap', useteams: false, winnerteam: -1, winnerplayer: 'anna', teams: [], players: [anna] });
    await core.waitForChat('$f80Anna$z wins the map: 25000 ms');
    core.sandbox.scriptCallback('Maniaplanet.WarmUp.Start', {});
    await core.waitForChat('Warm-up: times do not count yet');
    core.sandbox.scriptCallback('Maniaplanet.WarmUp.End', {});
    await core.waitForChat('Warm-up over: go!');
    core.sandbox.scriptCallback('Maniaplanet.Pause.Status', { available: true, active: true });
    await core.waitForChat('Paused');
    assert.deepEqual(core.errors, []);
  });

  it('window with buttons: a vote with a comment, closed after voting; the admin button is for admins only', async () => {
    core = await startTestCore({ apps: [vote], settings: { ADMINS: ['boss'] } });
    await core.join('anna');
    await core.join('boss');
    await core.chat('anna', '/vote');
    await core.waitFor(() => core!.ui.page('anna', 'pitwall.map-vote.vote') !== undefined, 'the vote window');
    assert.equal(await core.ui.click('anna', 'skip'), 'denied');
    assert.equal(await core.ui.click('anna', 'yes', { comment: 'great <map>' }), 'ran');
    await core.waitForChat('You voted yes: great <map>');
    assert.equal(core.ui.page('anna', 'pitwall.map-vote.vote'), undefined);
    await core.chat('boss', '/vote');
    await core.waitFor(() => core!.ui.page('boss', 'pitwall.map-vote.vote') !== undefined, "boss's vote window");
    const map = core.runtime.server.currentMap?.name;
    assert.equal(await core.ui.click('boss', 'skip'), 'ran');
    await core.waitFor(() => core!.runtime.server.currentMap?.name !== map, 'the next map');
  });
});
