import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerEventMap } from '../../../core/server/event-map.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

// The typed events apps get from the mode script's callbacks, each from the callback a real server sends
// (maniaplanet/script-xmlrpc XmlRpcListing.md; Trackmania 2020's names and fields as EvoSC-sharp's
// src/EvoSC.Common/Remote/ServerCallbackHandler.cs and PyPlanet's pyplanet/apps/core/trackmania/callbacks.py
// read them), sent by the sandbox server over ManiaPlanet.ModeScriptCallbackArray.

type Seen = { [E in keyof ServerEventMap]: { event: E; payload: ServerEventMap[E] } }[keyof ServerEventMap];
const TYPED = ['playerCheckpoint', 'playerFinish', 'playerStartLine', 'playerGiveUp', 'playerRespawn', 'scores', 'warmUp', 'pause'] as const;

let core: TestCore;
const seen: Seen[] = [];
/** The raw WayPoint data the sandbox sent, as the modeScript event still carries it. */
const rawWayPoints: Record<string, unknown>[] = [];

before(async () => {
  core = await startTestCore({
    settings: { DEBUG: true },
    apps: [
      testApp('listener', {
        init(ctx) {
          for (const event of TYPED) ctx.on(event, (payload: unknown) => void seen.push({ event, payload } as Seen));
          ctx.on('modeScript', ({ name, data }) => void (name === 'Trackmania.Event.WayPoint' && rawWayPoints.push(data)));
        },
      }),
    ],
  });
  await core.join('anna', 'Anna');
});
after(() => core.stop());

/** What the listener saw from now until `event` comes (inclusive). */
async function until<E extends (typeof TYPED)[number]>(event: E, send: () => void, predicate: (payload: ServerEventMap[E]) => boolean = () => true): Promise<Seen[]> {
  const from = seen.length;
  const done = core.nextEvent(event, predicate);
  send();
  await done;
  return seen.slice(from);
}

describe('typed script events from the sandbox server', () => {
  it('a run: a playerCheckpoint at each checkpoint, then a playerFinish that ends the race', async () => {
    const from = rawWayPoints.length;
    const events = await until('playerFinish', () => core.sandbox.playerRun('anna', 25_000));
    const raw = rawWayPoints.slice(from);
    assert.deepEqual(
      events.map(({ event, payload }) => [event, (payload as { checkpointInRace: number }).checkpointInRace, (payload as { raceTime: number }).raceTime]),
      [
        ['playerCheckpoint', 0, 5_000],
        ['playerCheckpoint', 1, 10_000],
        ['playerCheckpoint', 2, 15_000],
        ['playerCheckpoint', 3, 20_000],
        ['playerFinish', 4, 25_000],
      ],
    );
    const finish = events.at(-1)!.payload as ServerEventMap['playerFinish'];
    const last = raw.at(-1)!;
    assert.deepEqual(finish, {
      login: 'anna',
      accountId: last.accountid,
      // The server's clock exactly as sent: never turned into a date.
      serverTime: last.time,
      raceTime: 25_000,
      lapTime: 25_000,
      checkpointInRace: 4,
      checkpointInLap: 4,
      checkpoints: [5_000, 10_000, 15_000, 20_000, 25_000],
      lapCheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000],
      blockId: last.blockid,
      isEndRace: true,
      isEndLap: true,
      isEndSection: false,
      lap: 1,
    });
    assert.equal(typeof finish.accountId, 'string');
    assert.notEqual(finish.accountId, '');
  });

  it('a lap end of a lap race is a playerFinish of lap 1 that does not end the race', async () => {
    const events = await until('playerFinish', () =>
      core.sandbox.wayPoint('anna', { racetime: 20_000, laptime: 20_000, isendlap: true, curracecheckpoints: [5_000, 10_000, 15_000, 20_000], curlapcheckpoints: [5_000, 10_000, 15_000, 20_000] }),
    );
    const finish = events.at(-1)!.payload as ServerEventMap['playerFinish'];
    assert.deepEqual([finish.isEndLap, finish.isEndRace, finish.lap, finish.lapTime], [true, false, 1, 20_000]);
  });

  it('StartLine, GiveUp and Respawn become playerStartLine, playerGiveUp and playerRespawn', async () => {
    const player = { login: 'anna', accountId: 'acc-anna', serverTime: 61_000 };
    const started = await until('playerStartLine', () => core.sandbox.scriptCallback('Trackmania.Event.StartLine', { time: 61_000, login: 'anna', accountid: 'acc-anna' }));
    assert.deepEqual(started, [{ event: 'playerStartLine', payload: player }]);
    const respawned = await until('playerRespawn', () =>
      core.sandbox.scriptCallback('Trackmania.Event.Respawn', {
        time: 64_500,
        login: 'anna',
        accountid: 'acc-anna',
        nbrespawns: 1,
        racetime: 3_500,
        laptime: 3_500,
        checkpointinrace: 0,
        checkpointinlap: 0,
        speed: 0,
      }),
    );
    assert.deepEqual(respawned, [
      { event: 'playerRespawn', payload: { ...player, serverTime: 64_500, raceTime: 3_500, lapTime: 3_500, checkpointInRace: 0, checkpointInLap: 0, respawns: 1 } },
    ]);
    const gaveUp = await until('playerGiveUp', () => core.sandbox.scriptCallback('Trackmania.Event.GiveUp', { time: 66_000, login: 'anna', accountid: 'acc-anna' }));
    assert.deepEqual(gaveUp, [{ event: 'playerGiveUp', payload: { ...player, serverTime: 66_000 } }]);
  });

  it('Trackmania.Scores becomes scores', async () => {
    const events = await until('scores', () =>
      core.sandbox.scriptCallback('Trackmania.Scores', {
        section: 'EndMap',
        useteams: false,
        winnerteam: -1,
        winnerplayer: 'anna',
        teams: [],
        players: [
          {
            login: 'anna',
            accountid: 'acc-anna',
            name: 'Anna',
            rank: 1,
            roundpoints: 0,
            mappoints: 0,
            matchpoints: 0,
            bestracetime: 25_000,
            bestracecheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000],
            bestlaptime: 25_000,
            bestlapcheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000],
            prevracetime: -1,
            prevracecheckpoints: [],
          },
        ],
      }),
    );
    assert.deepEqual(events, [
      {
        event: 'scores',
        payload: {
          section: 'EndMap',
          responseId: undefined,
          useTeams: false,
          winnerTeam: -1,
          winnerPlayer: 'anna',
          teams: [],
          players: [
            {
              login: 'anna',
              accountId: 'acc-anna',
              name: 'Anna',
              rank: 1,
              roundPoints: 0,
              mapPoints: 0,
              matchPoints: 0,
              bestRaceTime: 25_000,
              bestRaceCheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000],
              bestLapTime: 25_000,
              bestLapCheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000],
              previousRaceTime: undefined,
              previousRaceCheckpoints: [],
            },
          ],
        },
      },
    ]);
  });

  it('warm-up callbacks become warmUp, the pause status becomes pause', async () => {
    const warmUp = await until(
      'warmUp',
      () => {
        core.sandbox.scriptCallback('Maniaplanet.WarmUp.Start', {});
        core.sandbox.scriptCallback('Trackmania.WarmUp.StartRound', { current: 1, total: 2 });
        core.sandbox.scriptCallback('Maniaplanet.WarmUp.Status', { responseid: 'r1', available: true, active: true });
        core.sandbox.scriptCallback('Maniaplanet.WarmUp.End', {});
      },
      (payload) => payload.phase === 'end',
    );
    assert.deepEqual(warmUp, [
      { event: 'warmUp', payload: { phase: 'start', active: true } },
      { event: 'warmUp', payload: { phase: 'startRound', active: true, round: 1, rounds: 2 } },
      { event: 'warmUp', payload: { phase: 'status', available: true, active: true, responseId: 'r1' } },
      { event: 'warmUp', payload: { phase: 'end', active: false } },
    ]);
    const pause = await until('pause', () => core.sandbox.scriptCallback('Maniaplanet.Pause.Status', { available: true, active: true }));
    assert.deepEqual(pause, [{ event: 'pause', payload: { available: true, active: true, responseId: undefined } }]);
  });

  it("the sandbox's own answers become typed events: Trackmania.GetScores, the warm-up and pause statuses", async () => {
    const asked = await until('scores', () => void core.runtime.server.scriptCall('Trackmania.GetScores'));
    const { payload } = asked.at(-1) as Extract<Seen, { event: 'scores' }>;
    assert.equal(payload.section, '');
    assert.match(payload.responseId ?? '', /^pitwall-\d+$/);
    const anna = payload.players.find((player) => player.login === 'anna');
    // The best of the runs above (25 s), with its checkpoints; no previous run is undefined, not -1.
    assert.deepEqual([anna?.rank, anna?.bestRaceTime, anna?.bestRaceCheckpoints], [1, 25_000, [5_000, 10_000, 15_000, 20_000, 25_000]]);
    const warmUp = await until('warmUp', () => void core.runtime.server.scriptCall('Trackmania.WarmUp.GetStatus'));
    const status = warmUp.map(({ payload }) => payload as Extract<ServerEventMap['warmUp'], { phase: 'status' }>);
    assert.deepEqual(status, [{ phase: 'status', available: false, active: false, responseId: status[0]?.responseId }]);
    assert.match(status[0]!.responseId ?? '', /^pitwall-\d+$/);
    const pause = await until('pause', () => void core.runtime.server.scriptCall('Maniaplanet.Pause.GetStatus'));
    const paused = pause.map(({ payload }) => payload as ServerEventMap['pause']);
    assert.deepEqual(paused, [{ available: false, active: false, responseId: paused[0]?.responseId }]);
    assert.match(paused[0]!.responseId ?? '', /^pitwall-\d+$/);
  });

  it('a map change sends the EndMap and EndMatch scores, each a scores event with the winner', async () => {
    const from = seen.length;
    await core.nextMap();
    await core.waitFor(() => seen.slice(from).some(({ event, payload }) => event === 'scores' && (payload as { section: string }).section === 'EndMatch'), 'the EndMatch scores');
    const sections = seen.slice(from).flatMap(({ event, payload }) => (event === 'scores' ? [[payload.section, payload.winnerPlayer]] : []));
    assert.deepEqual(sections.filter(([section]) => section === 'EndMap' || section === 'EndMatch'), [['EndMap', 'anna'], ['EndMatch', 'anna']]);
  });

  it('a malformed one reaches no app, typed or as modeScript, and is logged once per kind of problem', async () => {
    const raw = rawWayPoints.length;
    const from = seen.length;
    const bad = { time: 70_000, login: 'anna', racetime: '25000', laptime: 25_000, checkpointinrace: 4, checkpointinlap: 4, isendrace: true, isendlap: true };
    core.sandbox.scriptCallback('Trackmania.Event.WayPoint', bad);
    core.sandbox.scriptCallback('Trackmania.Event.WayPoint', { ...bad, racetime: 'later' });
    core.sandbox.scriptCallback('Trackmania.Scores', { section: 'Custom', players: [] });
    core.sandbox.scriptCallback('Trackmania.Event.GiveUp', { time: 70_100, login: 7 });
    // The good one after them proves the bad ones were handled (callbacks are handled in order).
    await until('playerGiveUp', () => core.sandbox.scriptCallback('Trackmania.Event.GiveUp', { time: 70_200, login: 'anna' }));
    assert.deepEqual(seen.slice(from), [{ event: 'playerGiveUp', payload: { login: 'anna', accountId: '', serverTime: 70_200 } }]);
    assert.equal(rawWayPoints.length, raw);
    const tail = '; further ones like it are dropped without a line';
    assert.deepEqual(
      core.logs.filter((entry) => entry.level === 'debug' && entry.message.startsWith('Dropped ')).map((entry) => entry.message),
      [
        `Dropped Trackmania.Event.WayPoint: its racetime is a string, not a whole number of milliseconds from 1 to 2147483647${tail}`,
        `Dropped Trackmania.Scores: its section is not one of "", "PreEndRound", "EndRound", "EndMap", "EndMatchEarly", "EndMatch"${tail}`,
        `Dropped Trackmania.Event.GiveUp: its login is a number, not a string${tail}`,
      ],
    );
    assert.deepEqual(core.errors, []);
  });
});

describe('ctx.on', () => {
  it('takes every typed event by name, and refuses a name that is no event (plain JavaScript apps misspell them)', async () => {
    const other = await startTestCore({
      allowFailedApps: true,
      apps: [
        testApp('typo', { init: (ctx) => void (ctx.on as (event: string, handler: () => void) => unknown)('playerFinsh', () => {}) }),
        testApp('typed', { init: (ctx) => void TYPED.forEach((event) => ctx.on(event, () => {})) }),
      ],
    });
    try {
      assert.equal(other.state('typed'), 'RUNNING');
      assert.equal(other.state('typo'), 'FAILED');
      assert.equal(
        other.status('typo')?.reason,
        `App 'typo' failed in init(): App 'typo' listens to "playerFinsh", which is not an event Pitwall sends. Fix: listen to one of playerConnect, playerDisconnect, ` +
          'playerChat, playerAnswer, beginMap, endMap, beginMatch, endMatch, serverStart, serverStop, playerCheckpoint, playerFinish, ' +
          'playerStartLine, playerGiveUp, playerRespawn, scores, knockoutElimination, warmUp, pause, modeScript, disconnected, reconnected (docs/apps.md, Events); ' +
          'a script callback without an event of its own comes as modeScript.',
      );
    } finally {
      await other.stop();
    }
  });
});
