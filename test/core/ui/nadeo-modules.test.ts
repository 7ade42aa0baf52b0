import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';
import { readUntil } from '../../helpers/read-until.js';

let core: TestCore | undefined;
let session: GbxSession | undefined;
afterEach(async () => {
  session?.close();
  session = undefined;
  await core?.stop();
  core = undefined;
});

// Hiding Nadeo's own modules is the mode script's Common.UIModules.SetProperties, given back with ResetProperties
// (maniaplanet/script-xmlrpc XmlRpcListing.md, Trackmania 2020 part; EvoSC#'s GameModeUiModuleService and
// MINIcontrol's core/uimanager.ts send exactly these to real servers). The test reads the mode's state back the
// way any controller would, with Common.UIModules.GetProperties on its own connection.
async function visibility(): Promise<Record<string, boolean>> {
  const answer = (await session!.scriptCall('Common.UIModules.GetProperties')) as { uimodules: { id: string; visible: boolean }[] };
  return Object.fromEntries(answer.uimodules.map((module) => [module.id, module.visible]));
}

async function connect(started: TestCore): Promise<void> {
  const { user, password } = started.settings.DEDICATED;
  session = new GbxSession({ host: '127.0.0.1', port: started.sandbox.port, user, password });
  await session.connect();
}

it("Nadeo's modules are hidden while an app replaces them, and given back when the last such app stops", async () => {
  const lapTimer = testApp('laptimer', { init: (ctx) => ctx.ui.widget('timer', { title: 'Lap timer', replaces: ['Race_Checkpoint', 'Race_Chrono'] }) });
  const splits = testApp('splits', { init: (ctx) => ctx.ui.widget('splits', { title: 'Splits', replaces: ['Race_Checkpoint'] }) });
  core = await startTestCore({ apps: [lapTimer, splits], settings: { ADMINS: ['boss'] } });
  await connect(core);
  const hidden = await readUntil(visibility, (modules) => modules.Race_Checkpoint === false && modules.Race_Chrono === false, 'both modules hidden');
  assert.equal(hidden.Race_ScoresTable, true, 'a module no widget replaces stays');

  await core.join('boss');
  await core.chat('boss', '//app stop laptimer');
  await core.waitForChat("App 'laptimer' stopped.");
  // The chrono is given back; the checkpoint module stays hidden, the splits app still replaces it.
  let now = await readUntil(visibility, (modules) => modules.Race_Chrono === true, 'the chrono given back');
  assert.equal(now.Race_Checkpoint, false);

  await core.chat('boss', '//app stop splits');
  await core.waitForChat("App 'splits' stopped.");
  await readUntil(visibility, (modules) => modules.Race_Checkpoint === true, 'the checkpoint module given back after the last app');

  await core.chat('boss', '//app start laptimer');
  await core.waitForChat("App 'laptimer' started.");
  now = await readUntil(visibility, (modules) => modules.Race_Checkpoint === false && modules.Race_Chrono === false, 'hidden again');
  assert.deepEqual(core.errors, []);
});

it("the records app's checkpoint differences replace Nadeo's checkpoint module", async () => {
  core = await startTestCore({ apps: ['records'] });
  await connect(core);
  const modules = await readUntil(visibility, (read) => read.Race_Checkpoint === false, 'the checkpoint module hidden');
  assert.equal(modules.Race_Chrono, true);
  assert.equal(modules.Race_Record, true);
});

it('after a reconnect the modules are hidden again, since a restarted server has given them back', async () => {
  core = await startTestCore({ apps: ['records'] });
  await connect(core);
  await readUntil(visibility, (modules) => modules.Race_Checkpoint === false, 'the checkpoint module hidden');
  // As if the dedicated server restarted: its mode has every module back.
  await session!.call('TriggerModeScriptEventArray', 'Common.UIModules.ResetProperties', [JSON.stringify({ uimodules: ['Race_Checkpoint'] })]);
  assert.equal((await visibility()).Race_Checkpoint, true);
  session!.close();
  const back = core.nextEvent('reconnected', undefined, 10_000);
  core.sandbox.dropConnections();
  await back;
  await connect(core);
  await readUntil(visibility, (modules) => modules.Race_Checkpoint === false, 'the checkpoint module hidden again');
});

it("a widget naming a module that is not Nadeo's fails its app with the ids it may use", async () => {
  const typo = testApp('typo', { init: (ctx) => ctx.ui.widget('clock', { title: 'Clock', replaces: ['Race_Clock' as 'Race_Chrono'] }) });
  core = await startTestCore({ apps: [typo], allowFailedApps: true });
  assert.equal(core.state('typo'), 'FAILED');
  assert.equal(
    core.status('typo')?.reason,
    "App 'typo' failed in init(): App 'typo' declares widget 'clock' as replacing 'Race_Clock', which is not one of Nadeo's UI modules. Fix: use one of " +
      'Race_Chrono, Race_Checkpoint, Race_LapsCounter, Race_TimeGap, Race_ScoresTable, Race_RespawnHelper, Race_Countdown, ' +
      'Race_BestRaceViewer, Race_SpectatorBase_Name, Race_Record, Race_DisplayMessage, Race_BigMessage, Race_WarmUp.',
  );
});
