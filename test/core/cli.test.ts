import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'pitwall-cli-'));

describe('pitwall sandbox', () => {
  it('serves GbxRemote on its own until stopped', async () => {
    const { GbxSession } = await import('../../core/gbx/session.js');
    const cli = runCli(['sandbox', '--port', '0', '--quiet'], { PITWALL_DEDICATED__PASSWORD: 'pw' });
    await cli.waitForOutput(/listening on 127\.0\.0\.1:\d+/);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(cli.output())![1]);
    const session = new GbxSession({ host: '127.0.0.1', port, user: 'SuperAdmin', password: 'pw' });
    await session.connect();
    assert.equal(await session.call('GetServerName'), 'Pitwall Sandbox');
    session.close();
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
  });

  it('names a bad port', async () => {
    const cli = runCli(['sandbox', '--port', 'abc']);
    assert.equal((await cli.exited).code, 2);
    assert.equal(cli.output(), "--port must be a whole number from 0 to 65535, got 'abc'.\n");
  });

  it('names a bad --map-change-ms', async () => {
    const cli = runCli(['sandbox', '--port', '0', '--map-change-ms', 'soon']);
    assert.equal((await cli.exited).code, 2);
    assert.equal(cli.output(), "--map-change-ms must be a whole number of milliseconds from 0 to 600000, got 'soon'.\n");
  });

  // A real server takes seconds to change maps; `pitwall sandbox` does too, and refuses NextMap meanwhile
  // with the real text (maniaplanet/dedicated-server-api Xmlrpc/FaultException.php: 'Change in progress.').
  it('takes --map-change-ms for a map change, refusing a second NextMap meanwhile', async () => {
    const { GbxSession } = await import('../../core/gbx/session.js');
    const cli = runCli(['sandbox', '--port', '0', '--quiet', '--map-change-ms', '60000'], { PITWALL_DEDICATED__PASSWORD: 'pw' });
    await cli.waitForOutput(/listening on 127\.0\.0\.1:\d+/);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(cli.output())![1]);
    const session = new GbxSession({ host: '127.0.0.1', port, user: 'SuperAdmin', password: 'pw' });
    await session.connect();
    assert.equal(await session.call('NextMap'), true);
    await assert.rejects(session.call('NextMap'), { message: 'NextMap failed with fault -1000: Change in progress.' });
    session.close();
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
  });
});

describe('pitwall reporting preview', () => {
  it('prints the exact envelope for the configured level and sends nothing', async () => {
    const { startReportReceiver } = await import('../helpers/report-receiver.js');
    const receiver = await startReportReceiver();
    const cli = runCli(['reporting', 'preview'], {
      PITWALL_DATA_DIR: dataDir(),
      PITWALL_LOGGING_REPORTING: '1',
      PITWALL_REPORTING_DSN: receiver.dsn,
      PITWALL_DEDICATED__PASSWORD: 'preview-secret-123',
    });
    assert.equal((await cli.exited).code, 0, cli.output());
    const output = cli.output();
    assert.ok(output.startsWith(`At LOGGING_REPORTING = 1, this sample error would be sent to 127.0.0.1:${receiver.port}. Nothing was sent.\n`));
    const lines = output.trimEnd().split('\n');
    const event = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    assert.deepEqual(JSON.parse(lines.at(-2)!), { type: 'event', length: Buffer.byteLength(lines.at(-1)!), content_type: 'application/json' });
    assert.deepEqual(Object.keys(event).sort(), ['event_id', 'exception', 'fingerprint', 'level', 'platform', 'release', 'tags', 'timestamp']);
    assert.equal(receiver.requests.length, 0);
    assert.ok(!output.includes('preview-secret-123'));
    await receiver.close();
  });

  it('says that level 0 sends nothing', async () => {
    const cli = runCli(['reporting', 'preview', '--level', '0'], { PITWALL_DATA_DIR: dataDir() });
    assert.equal((await cli.exited).code, 0);
    assert.equal(cli.output(), 'LOGGING_REPORTING is 0: nothing is reported, nothing leaves this machine.\n');
  });

  it('names a bad level', async () => {
    const cli = runCli(['reporting', 'preview', '--level', '5']);
    assert.equal((await cli.exited).code, 2);
    assert.equal(cli.output(), "--level must be 0, 1, 2 or 3, got '5'.\n");
  });
});

describe('pitwall analytics', () => {
  it('preview prints the ping with the configured apps, and writes nothing when analytics are off', async () => {
    const folder = dataDir();
    const cli = runCli(['analytics', 'preview'], { PITWALL_DATA_DIR: folder, DO_NOT_TRACK: '1' });
    assert.equal((await cli.exited).code, 0, cli.output());
    assert.ok(cli.output().startsWith('Analytics are off (DO_NOT_TRACK=1 is set in the environment): nothing is sent. This is what would be sent if they were on:\n'));
    const ping = JSON.parse(cli.output().slice(cli.output().indexOf('{'))) as { distinct_id: string; properties: { active_apps: unknown } };
    assert.equal(ping.distinct_id, '(none: analytics are off)');
    assert.deepEqual(ping.properties.active_apps, [
      { id: 'welcome', version: '1.0.0' },
      { id: 'admin', version: '1.1.0' },
      { id: 'records', version: '1.0.0' },
      { id: 'maps', version: '1.0.0' },
    ]);
    const { readdirSync } = await import('node:fs');
    assert.deepEqual(readdirSync(folder), []);
  });

  it('status says on or off and why; reset-id makes a new id', async () => {
    const folder = dataDir();
    const off = runCli(['analytics', 'status'], { PITWALL_DATA_DIR: folder, PITWALL_ANALYTICS: 'false', DO_NOT_TRACK: '' });
    await off.exited;
    const identity =
      'The ping (see pitwall analytics preview): it identifies the server, never a player (it carries the server login, the server name and the OS release, and no player login or nickname)\n';
    assert.equal(off.output(), `Analytics: off (ANALYTICS is false in the settings)\n${identity}`);
    const env = { PITWALL_DATA_DIR: folder, DO_NOT_TRACK: '' };
    const first = runCli(['analytics', 'reset-id'], env);
    await first.exited;
    const second = runCli(['analytics', 'reset-id'], env);
    await second.exited;
    const idOf = (output: string) => /^New install id: ([0-9a-f-]{36})\n$/.exec(output)?.[1];
    assert.ok(idOf(first.output()) && idOf(second.output()));
    assert.notEqual(idOf(first.output()), idOf(second.output()));
    const status = runCli(['analytics', 'status'], env);
    await status.exited;
    assert.equal(
      status.output(),
      'Analytics: on (ANALYTICS is true and DO_NOT_TRACK is not set)\n' +
        identity +
        "Schedule: '0 0 * * * *' plus a fixed per-install delay, and once shortly after start\n" +
        `Endpoint: none (pings are written to ${folder}/analytics)\n` +
        'Last ping: none yet\n',
    );
  });
});

describe('pitwall reporting preview --app', () => {
  it("prints what the app's developers would receive, and sends nothing", async () => {
    const { startReportReceiver } = await import('../helpers/report-receiver.js');
    const { fileURLToPath } = await import('node:url');
    const receiver = await startReportReceiver();
    const app = fileURLToPath(new URL('../fixtures/apps/feed-a/index.js', import.meta.url));
    const cli = runCli(['reporting', 'preview', '--app', 'feed-a', '--sample'], {
      PITWALL_DATA_DIR: dataDir(),
      PITWALL_LOGGING_REPORTING: '3',
      PITWALL_APPS: JSON.stringify([app]),
      FEED_A_DSN: receiver.dsn,
    });
    assert.equal((await cli.exited).code, 0, cli.output());
    const output = cli.output();
    assert.ok(output.startsWith(`The developers of 'feed-a' would receive this at 127.0.0.1:${receiver.port} for the sample error. Nothing was sent.\n`), output);
    const event = JSON.parse(output.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    assert.equal(event.release, 'feed-a@1.4.0');
    assert.equal(receiver.requests.length, 0);
    await receiver.close();
  });
});

describe('pitwall usage', () => {
  /** Runs the CLI to the end: exit code and everything it printed (read once both pipes are closed). */
  async function ran(...args: string[]): Promise<{ code: number | null; output: string }> {
    const cli = runCli(args, { PITWALL_DATA_DIR: dataDir() });
    const [code] = (await once(cli.child, 'close')) as [number | null];
    return { code, output: cli.output() };
  }
  const refused = (command: string, problem: string, usage: string) =>
    `PW_ERR_CLI_ARGUMENT: Cannot run 'pitwall ${command}': ${problem}. Fix: use only the options and arguments the usage lists (pitwall help prints it).\n\n${usage}`;

  it('--help on any command prints the usage and exits 0', async () => {
    const help = await ran('help');
    assert.equal(help.code, 0);
    assert.ok(help.output.startsWith('Usage: pitwall <command>\n\nCommands:\n  start                    run the controller (default)\n'), help.output);
    // Each run is its own process: they start together.
    const runs = [['sandbox', '--help'], ['reporting', 'preview', '-h'], ['--help'], ['settings', 'set', '--help']];
    const results = await Promise.all(runs.map((args) => ran(...args)));
    runs.forEach((args, index) => assert.deepEqual(results[index], { code: 0, output: help.output }, args.join(' ')));
  });

  it('an option or argument a command does not take prints what is wrong and the usage, exit 2, no stack', async () => {
    const { output: usage } = await ran('help');
    const cases: [string[], { code: number; output: string }][] = [
      [['sandbox', '--bogus'], { code: 2, output: refused('sandbox', "unknown option '--bogus'", usage) }],
      [['sandbox', '-p', '5000'], { code: 2, output: refused('sandbox', "unknown option '-p'", usage) }],
      [['sandbox', '--port'], { code: 2, output: refused('sandbox', "option '--port' needs a value", usage) }],
      [['sandbox', '--quiet=yes'], { code: 2, output: refused('sandbox', "option '--quiet' takes no value", usage) }],
      [['start', '--port', '5000'], { code: 2, output: refused('start', "unknown option '--port'", usage) }],
      [['status', 'now'], { code: 2, output: refused('status', "unexpected argument 'now'", usage) }],
      [['reporting', 'preview', '--lvl', '2'], { code: 2, output: refused('reporting preview', "unknown option '--lvl'", usage) }],
      [['analytics', 'status', '--verbose'], { code: 2, output: refused('analytics status', "unknown option '--verbose'", usage) }],
      [['new-app', 'one', 'two'], { code: 2, output: refused('new-app', "unexpected argument 'two'", usage) }],
      [['privacy-doc', '--out', 'x.md'], { code: 2, output: refused('privacy-doc', "unknown option '--out'", usage) }],
    ];
    // Each run is its own process: they start together.
    const results = await Promise.all(cases.map(([args]) => ran(...args)));
    cases.forEach(([args, expected], index) => assert.deepEqual(results[index], expected, args.join(' ')));
  });
});
