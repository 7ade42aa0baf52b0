import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import type { Settings } from '../../../core/config/schema.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';
import type { Leak } from '../../fixtures/apps/feed-leaks/index.js';

const appPath = fileURLToPath(new URL('../../fixtures/apps/feed-leaks/index.js', import.meta.url));

// Players as the server sends them: nicknames with formatting codes (a link, colours, styles).
const anna = { login: 'anna-login', nick: '$f00Anna $oNick', plain: 'Anna Nick' };
const gone = { login: 'gone.player', nick: '$o$00fGone $iRider', plain: 'Gone Rider' };
const wide = { login: 'wide', nick: '$i$0f0Wide', plain: 'Wide' };
const account = { login: 'Xh2r9ltGTsSfQbFBPKnbkQ', nick: '$l[https://u.example/p]Link$lNick', plain: 'LinkNick' };
const earlier = { login: 'oldtimer_7', nick: '$s$fffOld Timer', plain: 'Old Timer' };
// The sandbox's login and name (core/sandbox/world.ts).
const server = { login: 'pitwall-sandbox', name: 'Pitwall Sandbox' };
const password = 'dedi&Pass<9x>7Q';

/** What must never reach a feed, in any case. */
const FORBIDDEN = [
  ...[anna, gone, wide, account, earlier].flatMap((player) => [player.login, player.nick, player.plain]),
  server.login,
  server.name,
  '2001:db8::1',
  'fe80::1ff:fe23:4567:890a',
  '::ffff:192.0.2.44',
  '192.0.2.44',
  '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
  '2001:db8::2',
  '10.9.8.7',
];
const SECRET_FORMS = [password, 'dedi&amp;Pass&lt;9x&gt;7Q', 'dedi&#38;Pass&#60;9x&#62;7Q'];

/** The corpus: each entry is one error the app throws, and mentions what a feed must not hold. */
const CORPUS: Leak[] = [
  { message: `no lap for ${gone.login}` },
  { message: `welcome ${gone.nick}` },
  { message: `welcome ${gone.plain} back` },
  { message: `${gone.login.toUpperCase()} has no record` },
  { message: `${gone.plain.toLowerCase()} left` },
  { message: `cannot read player_${gone.login}.json` },
  { message: `no ${gone.login}_best yet` },
  { message: `login=${gone.login} refused` },
  { message: 'save failed', fn: `save_${gone.login}` },
  { message: 'bad name', name: `Err ${gone.plain}` },
  { message: `unknown account ${account.login.toLowerCase()}` },
  { message: `ghost-${account.login}.replay.gbx is missing` },
  { message: `${account.nick} joined` },
  { message: `${account.plain.toUpperCase()} joined` },
  { message: `cannot write player_${wide.login}.json` },
  { message: `${wide.login}_best is stale` },
  { message: `no record for '${wide.login}'` },
  { message: `player ${wide.login} was kicked` },
  { message: `${wide.login.toUpperCase()}_best is stale` },
  { message: 'bad record', name: `RecordError[${anna.login}]` },
  { message: 'wrapped', cause: `cause of ${anna.nick}` },
  { message: 'several', inner: `inner ${anna.plain}` },
  { message: `${earlier.login} left long ago` },
  { message: `${earlier.plain} was here` },
  { message: `${server.login.toUpperCase()} refused` },
  { message: `${server.name.toLowerCase()} is full` },
  { message: `cache of ${server.login}_maps` },
  { message: 'from 2001:db8::1 port 2350' },
  { message: 'link-local fe80::1ff:fe23:4567:890a%eth0 unreachable' },
  { message: 'mapped ::ffff:192.0.2.44 refused' },
  { message: 'full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 refused' },
  { message: 'bracketed [2001:db8::2]:2350 refused' },
  { message: 'plain 10.9.8.7 refused' },
  { message: `running on ${hostname()}` },
  { message: `auth failed: <value>${SECRET_FORMS[1]}</value>` },
  { message: `auth failed: ${SECRET_FORMS[2]}` },
];

/** Each message starts with its own label (letters only: numbers would make two messages one incident). */
function label(index: number): string {
  return `leak-${String.fromCharCode(97 + Math.floor(index / 26))}${String.fromCharCode(97 + (index % 26))}`;
}

let queued: Leak[];
let coreReceiver: ReportReceiver;
let feedReceiver: ReportReceiver;
let dataDir: string;
let core: TestCore | undefined;

before(async () => {
  [coreReceiver, feedReceiver] = await Promise.all([startReportReceiver('1', 'ownerkey1'), startReportReceiver('2', 'leakskey2')]);
  // The fixture app reads its DSN when first imported.
  process.env.FEED_LEAKS_DSN = feedReceiver.dsn;
  ({ queued } = (await import(appPath)) as { queued: Leak[] });
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-feed-leaks-'));
});
after(async () => {
  await core?.stop();
  await Promise.all([coreReceiver.close(), feedReceiver.close()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const settings = (): Partial<Settings> => ({
  DATA_DIR: dataDir,
  LOGGING_REPORTING: 3,
  REPORTING_DSN: coreReceiver.dsn,
  REPORTING_MAX_PER_MINUTE: 1000,
  APP_ERROR_BUDGET: { count: 1000, seconds: 60 },
  DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password },
});

async function visit(player: { login: string; nick: string }): Promise<void> {
  core!.sandbox.playerJoin(player.login, player.nick);
  await core!.waitFor(() => core!.runtime.server.players.has(player.login), `${player.login} connected`);
  core!.sandbox.playerLeave(player.login);
  await core!.waitFor(() => !core!.runtime.server.players.has(player.login), `${player.login} gone`);
}

function readAll(folder: string): string {
  if (!existsSync(folder)) return '';
  return readdirSync(folder, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? readAll(join(folder, entry.name)) : readFileSync(join(folder, entry.name), 'utf8')))
    .join('\n');
}

it(`a corpus of ${CORPUS.length} leaks goes through the feed, the owner report and the log; the feed holds none of them`, async () => {
  assert.ok(CORPUS.length >= 30);
  // A player seen by an earlier run, before a restart.
  core = await startTestCore({ reporting: true, apps: [appPath], settings: settings() });
  await visit(earlier);
  await core.stop();
  core = await startTestCore({ reporting: true, apps: [appPath], settings: settings() });
  for (const player of [gone, wide, account]) await visit(player);
  core.sandbox.playerJoin(anna.login, anna.nick);
  await core.waitFor(() => core!.runtime.server.players.has(anna.login), 'anna connected');

  for (const [index, leak] of CORPUS.entries()) {
    queued.push({ ...leak, message: `${label(index)}: ${leak.message}` });
    core.sandbox.playerChat(anna.login, 'leak');
    await core.waitFor(() => feedReceiver.accepted.length === index + 1 && coreReceiver.accepted.length === index + 1, `the reports of ${label(index)}`);
  }

  const leaks: string[] = [];
  for (const received of feedReceiver.accepted) {
    const raw = received.raw.toLowerCase();
    const which = /leak-[a-z]{2}/.exec(received.raw)?.[0] ?? '(no label)';
    for (const text of [...FORBIDDEN, ...SECRET_FORMS]) if (raw.includes(text.toLowerCase())) leaks.push(`${which}: ${text}`);
    if (received.raw.includes(hostname())) leaks.push(`${which}: the host name`);
  }
  assert.deepEqual(leaks, [], `the feed holds:\n${leaks.join('\n')}`);
  const labels = (receiver: ReportReceiver) => receiver.accepted.map((received) => /leak-[a-z]{2}/.exec(received.raw)?.[0]).sort();
  assert.deepEqual(labels(feedReceiver), CORPUS.map((_, index) => label(index)));
  assert.deepEqual(labels(coreReceiver), CORPUS.map((_, index) => label(index)));

  // The owner's report keeps what level 2 holds (a player's login), never a secret in any form.
  const owner = coreReceiver.accepted.map((received) => received.raw).join('\n');
  assert.ok(owner.includes(`${label(0)}: no lap for ${gone.login}`));
  const log = `${core.logs.map((entry) => entry.message).join('\n')}\n${readAll(join(dataDir, 'logs'))}`;
  assert.ok(log.includes(`${label(0)}: no lap for ${gone.login}`), 'the log has the full error');
  for (const [where, text] of [['owner report', owner], ['log', log], ['feed audit', readAll(join(dataDir, 'feeds'))]]) {
    for (const form of SECRET_FORMS) assert.equal(text!.includes(form), false, `the ${where} holds ${form}`);
  }
  // What the feed says instead, for a few of them.
  const value = (index: number) => {
    const event = feedReceiver.accepted.find((received) => received.raw.includes(`${label(index)}:`))!.event as { exception: { values: { type: string; value: string }[] } };
    return event.exception.values.map((entry) => `${entry.type}: ${entry.value}`).join(' <- ');
  };
  assert.equal(value(5), `Error: ${label(5)}: cannot read player_<player>.json`);
  assert.equal(value(19), `RecordError[<player>]: ${label(19)}: bad record`);
  assert.equal(value(28), `Error: ${label(28)}: link-local <ip> unreachable`);
});
