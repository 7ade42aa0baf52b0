import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTypedScriptEvent, TYPED_SCRIPT_CALLBACKS, type TypedScriptEvent } from '../../../core/server/decode-script.js';

// The payloads below are the ones maniaplanet/script-xmlrpc XmlRpcListing.md documents (script API 2.5.0),
// with what Trackmania 2020 adds: `accountid` on player events and scores (EvoSC-sharp
// src/EvoSC.Common/Remote/EventArgsModels/WayPointEventArgs.cs, Models/Callbacks/PlayerScore.cs) and the
// checkpoint lists left out until Trackmania.Event.SetCurRaceCheckpointsMode (PyPlanet
// pyplanet/apps/core/trackmania/app.py). `time` is the server's clock ("Server time when the event occured").

const TIME_ATTACK = { modeScript: 'Trackmania/TM_TimeAttack_Online.Script.txt' };
const ROYAL = { modeScript: 'Trackmania/TM_RoyalTimeAttack_Online.Script.txt' };

function decode(name: string, data: Record<string, unknown>, context = TIME_ATTACK): TypedScriptEvent | string | undefined {
  const decoded = decodeTypedScriptEvent({ name, data }, context);
  return decoded === undefined ? undefined : decoded.ok ? decoded.value : decoded.problem;
}

/** A WayPoint as Trackmania 2020 sends it (the listing's fields, accountid added). */
const wayPoint = (fields: Record<string, unknown> = {}) => ({
  time: 123_456,
  login: 'anna',
  accountid: '7a2a3e9c-0c7d-4b8b-9a4e-1d2f3a4b5c6d',
  racetime: 9_000,
  laptime: 9_000,
  stuntsscore: 0,
  checkpointinrace: 3,
  checkpointinlap: 3,
  isendrace: false,
  isendlap: false,
  curracecheckpoints: [1_234, 5_200, 7_580, 9_000],
  curlapcheckpoints: [1_234, 5_200, 7_580, 9_000],
  blockid: '#123',
  speed: 456.45,
  distance: 398.49,
  ...fields,
});

describe('Trackmania.Event.WayPoint', () => {
  it('a checkpoint is a playerCheckpoint with the run so far', () => {
    assert.deepEqual(decode('Trackmania.Event.WayPoint', wayPoint()), {
      event: 'playerCheckpoint',
      payload: {
        login: 'anna',
        accountId: '7a2a3e9c-0c7d-4b8b-9a4e-1d2f3a4b5c6d',
        serverTime: 123_456,
        raceTime: 9_000,
        lapTime: 9_000,
        checkpointInRace: 3,
        checkpointInLap: 3,
        checkpoints: [1_234, 5_200, 7_580, 9_000],
        lapCheckpoints: [1_234, 5_200, 7_580, 9_000],
        blockId: '#123',
      },
    });
  });

  it('the finish line is a playerFinish that ends the race, lap 1', () => {
    const decoded = decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 25_000, laptime: 25_000, checkpointinrace: 4, checkpointinlap: 4, isendrace: true, isendlap: true }));
    assert.equal(typeof decoded === 'object' && decoded.event, 'playerFinish');
    const finish = (decoded as Extract<TypedScriptEvent, { event: 'playerFinish' }>).payload;
    assert.deepEqual([finish.raceTime, finish.isEndRace, finish.isEndLap, finish.isEndSection, finish.lap], [25_000, true, true, false, 1]);
  });

  it('on a lap race, each lap line is a playerFinish with its lap; only the last ends the race', () => {
    // Three laps of 4 checkpoints and the lap line: 5 crossings a lap; checkpointinlap restarts each lap.
    const lap2 = decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 40_000, laptime: 20_500, checkpointinrace: 9, checkpointinlap: 4, isendlap: true }));
    const lap3 = decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 60_000, laptime: 20_000, checkpointinrace: 14, checkpointinlap: 4, isendlap: true, isendrace: true }));
    const read = (decoded: ReturnType<typeof decode>) => {
      const { payload } = decoded as Extract<TypedScriptEvent, { event: 'playerFinish' }>;
      return [payload.lap, payload.lapTime, payload.isEndLap, payload.isEndRace];
    };
    assert.deepEqual(read(lap2), [2, 20_500, true, false]);
    assert.deepEqual(read(lap3), [3, 20_000, true, true]);
  });

  it('with independent laps each lap line ends a run of its own, timed from the lap line (isindependentlaps)', () => {
    // Trackmania 2020 adds isinfinitelaps / isindependentlaps to WayPoint; independent: each lap counts as a finished run.
    const decoded = decode(
      'Trackmania.Event.WayPoint',
      wayPoint({ racetime: 40_000, laptime: 19_500, checkpointinrace: 9, checkpointinlap: 4, isendlap: true, isinfinitelaps: true, isindependentlaps: true, curracecheckpoints: [1, 2, 3, 4, 20_500, 21, 22, 23, 24, 40_000], curlapcheckpoints: [5_000, 10_000, 15_000, 17_000, 19_500] }),
    );
    const { payload } = decoded as Extract<TypedScriptEvent, { event: 'playerFinish' }>;
    assert.deepEqual([payload.isEndRace, payload.isEndLap, payload.lap, payload.raceTime, payload.checkpoints], [true, true, 2, 19_500, [5_000, 10_000, 15_000, 17_000, 19_500]]);
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ isendlap: true, isindependentlaps: 'yes' })), 'its isindependentlaps is a string, not a boolean');
  });

  it("without the lap's own list, the lap's times are the race's since the last lap line, counted from it", () => {
    // SetCurRaceCheckpointsMode asked, SetCurLapCheckpointsMode not: curlapcheckpoints stays empty.
    const race = [5_000, 10_000, 15_000, 17_000, 20_500, 25_000, 30_000, 35_000, 37_000, 40_000];
    const decoded = decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 40_000, laptime: 19_500, checkpointinrace: 9, checkpointinlap: 4, isendlap: true, isindependentlaps: true, curracecheckpoints: race, curlapcheckpoints: [] }));
    const { payload } = decoded as Extract<TypedScriptEvent, { event: 'playerFinish' }>;
    assert.deepEqual([payload.raceTime, payload.checkpoints, payload.lapCheckpoints], [19_500, [4_500, 9_500, 14_500, 16_500, 19_500], [4_500, 9_500, 14_500, 16_500, 19_500]]);
    const first = decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 10_000, laptime: 10_000, checkpointinrace: 1, checkpointinlap: 1, curracecheckpoints: [5_000, 10_000], curlapcheckpoints: [] }));
    assert.deepEqual((first as Extract<TypedScriptEvent, { event: 'playerCheckpoint' }>).payload.lapCheckpoints, [5_000, 10_000]);
  });

  it('in Royal Time Attack a finish line ends a section, not the race (PyPlanet handle_waypoint)', () => {
    const decoded = decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 9_000, isendrace: true, isendlap: true }), ROYAL);
    const { payload } = decoded as Extract<TypedScriptEvent, { event: 'playerFinish' }>;
    assert.deepEqual([payload.isEndRace, payload.isEndLap, payload.isEndSection, payload.lap], [false, false, true, 1]);
  });

  it('without SetCurRaceCheckpointsMode the checkpoint lists are empty; ManiaPlanet sends no accountid', () => {
    const { curracecheckpoints: _race, curlapcheckpoints: _lap, accountid: _id, ...rest } = wayPoint();
    const decoded = decode('Trackmania.Event.WayPoint', rest) as Extract<TypedScriptEvent, { event: 'playerCheckpoint' }>;
    assert.deepEqual([decoded.payload.checkpoints, decoded.payload.lapCheckpoints, decoded.payload.accountId], [[], [], '']);
  });

  it('refuses a race time that is no whole number of milliseconds from 1 to 2^31 - 1', () => {
    const problems = [0.5, 1e-9, 1e15, 2 ** 53, 2 ** 31, 0, -1, Infinity, '25000', null].map((racetime) => decode('Trackmania.Event.WayPoint', wayPoint({ racetime, isendrace: true, isendlap: true })));
    const range = 'not a whole number of milliseconds from 1 to 2147483647';
    assert.deepEqual(problems, [
      `its racetime is a fraction, ${range}`,
      `its racetime is a fraction, ${range}`,
      `its racetime is too large, ${range}`,
      `its racetime is too large, ${range}`,
      `its racetime is too large, ${range}`,
      `its racetime is too small, ${range}`,
      `its racetime is too small, ${range}`,
      `its racetime is infinite, ${range}`,
      `its racetime is a string, ${range}`,
      `its racetime is null, ${range}`,
    ]);
    assert.equal(typeof decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 2 ** 31 - 1, isendrace: true })), 'object');
    assert.equal(typeof decode('Trackmania.Event.WayPoint', wayPoint({ racetime: 1, isendrace: true })), 'object');
  });

  it('refuses a login, flags and checkpoint lists of the wrong kind', () => {
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ login: ['anna'] })), 'its login is an array, not a string');
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ login: '' })), 'its login is empty');
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ isendrace: 'yes' })), 'its isendrace is a string, not a boolean');
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ curracecheckpoints: { 0: 30_000 } })), 'its curracecheckpoints is a struct, not a list of times');
    assert.equal(
      decode('Trackmania.Event.WayPoint', wayPoint({ curracecheckpoints: [5_000.5, 30_000] })),
      'its curracecheckpoints holds a fraction, not only whole milliseconds from 0 to 2147483647',
    );
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ checkpointinrace: -1 })), 'its checkpointinrace is too small, not a whole number from 0 to 2147483647');
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ time: 1.5 })), `its time is a fraction, not a whole number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`);
    assert.equal(decode('Trackmania.Event.WayPoint', wayPoint({ accountid: 42 })), 'its accountid is a number, not a string');
  });
});

describe('StartLine, GiveUp and Respawn', () => {
  it('StartLine and GiveUp carry the player and the server time', () => {
    const data = { time: 123_456, login: 'anna', accountid: 'acc-1' };
    const player = { login: 'anna', accountId: 'acc-1', serverTime: 123_456 };
    assert.deepEqual(decode('Trackmania.Event.StartLine', data), { event: 'playerStartLine', payload: player });
    assert.deepEqual(decode('Trackmania.Event.GiveUp', data), { event: 'playerGiveUp', payload: player });
    assert.equal(decode('Trackmania.Event.GiveUp', { time: 123_456 }), 'its login is missing, not a string');
  });

  it('Respawn carries the respawn count and the run so far; before the first checkpoint the index is -1', () => {
    const data = { time: 123_456, login: 'anna', accountid: 'acc-1', nbrespawns: 5, racetime: 3_000, laptime: 3_000, stuntsscore: 0, checkpointinrace: -1, checkpointinlap: -1, speed: 0, distance: 10 };
    assert.deepEqual(decode('Trackmania.Event.Respawn', data), {
      event: 'playerRespawn',
      payload: { login: 'anna', accountId: 'acc-1', serverTime: 123_456, raceTime: 3_000, lapTime: 3_000, checkpointInRace: -1, checkpointInLap: -1, respawns: 5 },
    });
    assert.equal(decode('Trackmania.Event.Respawn', { ...data, nbrespawns: -2 }), 'its nbrespawns is too small, not a whole number from 0 to 2147483647');
  });
});

describe('Trackmania.Scores', () => {
  /** The listing's example, with Trackmania 2020's accountid and API 2.5.0's previous run. */
  const scores = (fields: Record<string, unknown> = {}) => ({
    responseid: 'xyz',
    section: 'EndRound',
    useteams: true,
    winnerteam: 1,
    winnerplayer: 'PlayerLogin1',
    teams: [
      { id: 0, name: 'blue', roundpoints: 498, mappoints: 46, matchpoints: 9 },
      { id: 1, name: 'red', roundpoints: 365, mappoints: 45, matchpoints: 2 },
    ],
    players: [
      {
        login: 'PlayerLogin1',
        accountid: 'acc-1',
        name: 'Player#1',
        rank: 1,
        roundpoints: 456,
        mappoints: 345,
        matchpoints: 64,
        bestracetime: 456_789,
        bestracerespawns: 2,
        bestracecheckpoints: [1_230, 7_546, 19_045, 456_789],
        bestlaptime: 68_942,
        bestlaprespawns: 1,
        bestlapcheckpoints: [2_458, 9_874],
        stuntsscore: 492,
        prevracetime: 75_642,
        prevracerespawns: 3,
        prevracecheckpoints: [9_845, 32_658, 52_489, 75_642],
        prevstuntsscore: 657,
      },
      { login: 'PlayerLogin2', name: 'Player#2', rank: 2, roundpoints: 0, mappoints: 0, matchpoints: 0, bestracetime: -1, bestracecheckpoints: [], bestlaptime: -1, bestlapcheckpoints: [] },
    ],
    ...fields,
  });

  it('reads teams and players; a time not set yet (-1) is undefined', () => {
    assert.deepEqual(decode('Trackmania.Scores', scores()), {
      event: 'scores',
      payload: {
        section: 'EndRound',
        responseId: 'xyz',
        useTeams: true,
        winnerTeam: 1,
        winnerPlayer: 'PlayerLogin1',
        teams: [
          { id: 0, name: 'blue', roundPoints: 498, mapPoints: 46, matchPoints: 9 },
          { id: 1, name: 'red', roundPoints: 365, mapPoints: 45, matchPoints: 2 },
        ],
        players: [
          {
            login: 'PlayerLogin1',
            accountId: 'acc-1',
            name: 'Player#1',
            rank: 1,
            roundPoints: 456,
            mapPoints: 345,
            matchPoints: 64,
            bestRaceTime: 456_789,
            bestRaceCheckpoints: [1_230, 7_546, 19_045, 456_789],
            bestLapTime: 68_942,
            bestLapCheckpoints: [2_458, 9_874],
            previousRaceTime: 75_642,
            previousRaceCheckpoints: [9_845, 32_658, 52_489, 75_642],
          },
          {
            login: 'PlayerLogin2',
            accountId: '',
            name: 'Player#2',
            rank: 2,
            roundPoints: 0,
            mapPoints: 0,
            matchPoints: 0,
            bestRaceTime: undefined,
            bestRaceCheckpoints: [],
            bestLapTime: undefined,
            bestLapCheckpoints: [],
            previousRaceTime: undefined,
            previousRaceCheckpoints: [],
          },
        ],
      },
    });
  });

  it('takes each documented section ("" when asked for, PreEndRound since API 2.1.1) and refuses others', () => {
    const sections = ['', 'PreEndRound', 'EndRound', 'EndMap', 'EndMatchEarly', 'EndMatch'].map((section) => {
      const decoded = decode('Trackmania.Scores', scores({ section }));
      return typeof decoded === 'object' && decoded.event === 'scores' ? decoded.payload.section : decoded;
    });
    assert.deepEqual(sections, ['', 'PreEndRound', 'EndRound', 'EndMap', 'EndMatchEarly', 'EndMatch']);
    assert.equal(decode('Trackmania.Scores', scores({ section: 'Custom' })), 'its section is not one of "", "PreEndRound", "EndRound", "EndMap", "EndMatchEarly", "EndMatch"');
  });

  it('refuses a player or team entry of the wrong shape, naming it', () => {
    assert.equal(decode('Trackmania.Scores', scores({ players: 'none' })), 'its players is a string, not a list');
    assert.equal(decode('Trackmania.Scores', scores({ players: [null] })), 'its players[0] is null, not an object');
    const [first, second] = scores().players;
    assert.equal(decode('Trackmania.Scores', scores({ players: [first, { ...second, rank: '2' }] })), 'players[1].rank is a string, not a whole number from 0 to 2147483647');
    assert.equal(
      decode('Trackmania.Scores', scores({ players: [{ ...first, bestracetime: -2 }] })),
      'players[0].bestracetime is too small, not a whole number of milliseconds from -1 to 2147483647',
    );
    assert.equal(decode('Trackmania.Scores', scores({ teams: [{ id: 0, name: 'blue' }] })), 'teams[0].roundpoints is missing, not a whole number from -2147483647 to 2147483647');
  });
});

// Knockout's eliminations carry the account ids of the players out (timwie/steward's KnockoutEndRoundEvent reads
// `accountids`; PyPlanet's pyplanet/apps/core/trackmania/callbacks.py registers tmnext_ko_elimination for it).
describe('Trackmania.Knockout.Elimination', () => {
  it('reads the account ids of the players knocked out, and refuses a list of anything else', () => {
    const ids = ['7a2a3e9c-0c7d-4b8b-9a4e-1d2f3a4b5c6d', 'ab6fa572-48d7-4b16-a2d7-5c760a05f97b'];
    assert.deepEqual(decode('Trackmania.Knockout.Elimination', { accountids: ids }), { event: 'knockoutElimination', payload: { accountIds: ids } });
    assert.deepEqual(decode('Trackmania.Knockout.Elimination', { accountids: [] }), { event: 'knockoutElimination', payload: { accountIds: [] } });
    assert.equal(decode('Trackmania.Knockout.Elimination', {}), 'its accountids is missing, not a list of texts');
    assert.equal(decode('Trackmania.Knockout.Elimination', { accountids: 'abc' }), 'its accountids is a string, not a list of texts');
    assert.equal(decode('Trackmania.Knockout.Elimination', { accountids: [ids[0], 7] }), 'its accountids[1] is a number, not a text');
    assert.equal(decode('Trackmania.Knockout.Elimination', { accountids: [''] }), 'its accountids[0] is empty, not a text');
  });
});

describe('warm-up and pause', () => {
  it('reads ManiaPlanet and Trackmania 2020 warm-up callbacks alike', () => {
    const warmUps = [
      ['Maniaplanet.WarmUp.Start', {}],
      ['Trackmania.WarmUp.StartRound', { current: 2, total: 3 }],
      ['Trackmania.WarmUp.EndRound', { current: 2, total: 3 }],
      ['Maniaplanet.WarmUp.End', {}],
      ['Trackmania.WarmUp.Start', {}],
      ['Trackmania.WarmUp.End', {}],
      ['Maniaplanet.WarmUp.Status', { responseid: 'xyz', available: true, active: true }],
      ['Trackmania.WarmUp.Status', { available: true, active: false }],
    ] as const;
    assert.deepEqual(
      warmUps.map(([name, data]) => decode(name, data)),
      [
        { event: 'warmUp', payload: { phase: 'start', active: true } },
        { event: 'warmUp', payload: { phase: 'startRound', active: true, round: 2, rounds: 3 } },
        { event: 'warmUp', payload: { phase: 'endRound', active: true, round: 2, rounds: 3 } },
        { event: 'warmUp', payload: { phase: 'end', active: false } },
        { event: 'warmUp', payload: { phase: 'start', active: true } },
        { event: 'warmUp', payload: { phase: 'end', active: false } },
        { event: 'warmUp', payload: { phase: 'status', available: true, active: true, responseId: 'xyz' } },
        { event: 'warmUp', payload: { phase: 'status', available: true, active: false, responseId: undefined } },
      ],
    );
    assert.equal(decode('Trackmania.WarmUp.StartRound', { current: 0, total: 3 }), 'its current is too small, not a whole number from 1 to 2147483647');
  });

  it('reads Maniaplanet.Pause.Status', () => {
    assert.deepEqual(decode('Maniaplanet.Pause.Status', { responseid: 'xyz', available: true, active: true }), {
      event: 'pause',
      payload: { available: true, active: true, responseId: 'xyz' },
    });
    assert.equal(decode('Maniaplanet.Pause.Status', { available: true }), 'its active is missing, not a boolean');
  });

  it('leaves every other callback to modeScript alone, even one named like a prototype key', () => {
    assert.equal(decode('Maniaplanet.StartMap_Start', { count: 1 }), undefined);
    assert.equal(decode('constructor', {}), undefined);
    assert.equal(decode('toString', {}), undefined);
    assert.equal(TYPED_SCRIPT_CALLBACKS.length, 15);
  });
});
