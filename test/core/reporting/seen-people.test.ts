import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Settings } from '../../../core/config/schema.js';
import { createLogger } from '../../../core/logging/logger.js';
import { SeenPeople } from '../../../core/reporting/seen-people.js';
import { SEEN_PEOPLE_LIMIT, seenPeopleFile } from '../../../core/reporting/seen-people-file.js';
import type { ServerEventMap } from '../../../core/server/event-map.js';
import { EventBus } from '../../../core/server/events.js';
import { MemoryTransport, testSettings, type LogEntry } from '../../helpers/core.js';
import { container as rootContainer } from 'tsyringe';
import { Settings as SettingsToken } from '../../../core/config/schema.js';
import { Logger } from '../../../core/logging/logger.js';
import { registerReporting, startReporting } from '../../../core/reporting/compose.js';
import { Redactor } from '../../../core/reporting/redact.js';
import { ServerEvents } from '../../../core/server/events.js';

const DAY = 86_400_000;
let dataDir: string;
let logs: LogEntry[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-seen-'));
  logs = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function store(settings: Partial<Settings> = {}): SeenPeople {
  const logger = createLogger({ debug: false, dataDir, console: false, transports: [new MemoryTransport(logs)] });
  return new SeenPeople(testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 3, REPORTING_RETENTION_DAYS: 30, ...settings }), logger);
}

const player = (login: string, nickName: string) => ({ login, isSpectator: false, player: { login, nickName, playerId: 1, teamId: -1, isSpectator: false, ladderRanking: 0 } });

describe('the players seen, for masking feeds', () => {
  it('records each player who connects, and reads them back after a restart', () => {
    const events = new EventBus<ServerEventMap>(() => undefined);
    const seen = store();
    const following = seen.follow(events);
    events.emit('playerConnect', player('gone.player', '$o$00fGone $iRider'));
    void following.dispose();
    events.emit('playerConnect', player('after-stop', 'After'));
    assert.deepEqual(seen.list().map((person) => person.login), ['gone.player']);
    const restarted = store();
    assert.deepEqual(restarted.list().map((person) => `${person.login} ${person.nickName}`), ['gone.player $o$00fGone $iRider']);
    assert.equal(restarted.masker().mask('no lap for GONE.PLAYER, alias Gone Rider'), 'no lap for <player>, alias <player>');
  });

  it(`forgets players not seen for REPORTING_RETENTION_DAYS, in memory and on disk`, () => {
    const now = Date.now();
    const seen = store();
    seen.see('long-ago', 'Old', now - 31 * DAY);
    seen.see('recent-one', 'New', now - 29 * DAY);
    assert.deepEqual(seen.list(now).map((person) => person.login), ['recent-one']);
    assert.equal(seen.masker(now).mask('long-ago and recent-one'), 'long-ago and <player>');
    store().load(now);
    assert.deepEqual(readFileSync(seenPeopleFile(dataDir), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { login: string }).login), ['recent-one']);
  });

  it(`keeps at most ${SEEN_PEOPLE_LIMIT} players, dropping the one seen longest ago`, () => {
    const seen = store();
    const start = Date.now() - DAY;
    for (let index = 0; index <= SEEN_PEOPLE_LIMIT; index++) seen.see(`player-${index}`, '', start + index);
    const kept = seen.list();
    assert.equal(kept.length, SEEN_PEOPLE_LIMIT);
    assert.equal(kept[0]!.login, 'player-1');
    assert.equal(store().list().length, SEEN_PEOPLE_LIMIT);
  });

  it('records nothing, and removes what an earlier run kept, when feeds cannot be sent', () => {
    store().see('gone.player', 'Gone');
    assert.equal(existsSync(seenPeopleFile(dataDir)), true);
    for (const settings of [{ LOGGING_REPORTING: 2 as const }, { REPORTING_APP_FEEDS: false }]) {
      const off = store(settings);
      off.load();
      off.see('other-player', 'Other');
      assert.equal(existsSync(seenPeopleFile(dataDir)), false);
      assert.deepEqual(off.list(), []);
    }
  });

  it('keeps masking from memory when the disk refuses, and says so once', () => {
    writeFileSync(join(dataDir, 'reporting'), 'a file where the folder should be');
    const seen = store();
    seen.see('first-player', 'First');
    seen.see('second-player', 'Second');
    assert.equal(seen.masker().mask('first-player, second-player'), '<player>, <player>');
    const warnings = logs.filter((entry) => entry.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /^Could not keep the players seen in .*seen-people\.ndjson \(.*\); feeds mask them until the next restart only$/);
  });

  for (const when of ['before', 'after'] as const) {
    it(`is fed by the server events hub registered ${when} reporting starts, until reporting stops`, async () => {
      const container = rootContainer.createChildContainer();
      container.register(SettingsToken, { useValue: testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 3 }) });
      container.register(Logger, { useValue: createLogger({ debug: false, dataDir, console: false, transports: [] }) });
      container.register(Redactor, { useValue: new Redactor() });
      registerReporting(container, { server: () => undefined, apps: () => undefined }, { captureLocals: false });
      const events = new EventBus<ServerEventMap>(() => undefined);
      if (when === 'before') container.register(ServerEvents, { useValue: events });
      const reporting = startReporting(container);
      if (when === 'after') {
        container.register(ServerEvents, { useValue: events });
        container.resolve(ServerEvents);
      }
      events.emit('playerConnect', player('joined-player', 'Joined'));
      await reporting.stop(0);
      events.emit('playerConnect', player('after-stop', 'Late'));
      assert.deepEqual(store().list().map((person) => person.login), ['joined-player']);
    });
  }
});
