import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { PhpStyleClient } from '../../helpers/php-style-client.js';

const credentials = { user: 'SuperAdmin', password: 'pw' };
let sandbox: SandboxServer;
let session: GbxSession;
beforeEach(async () => {
  sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, ...credentials });
  await sandbox.start();
  session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, ...credentials });
  await session.connect();
});
afterEach(async () => {
  session.close();
  await sandbox.stop();
});

/** The <value> of one struct member in a raw answer, as the server wrote it. */
const memberXml = (xml: string, name: string): string | undefined => new RegExp(`<member><name>${name}</name>(<value>.*?</value>)</member>`).exec(xml)?.[1];

// maniaplanet/dedicated-server-api's setServerOptions() sends back what getServerOptions() read only when
// Structures/ServerOptions.php isValid() holds, and VoteRatio::isRatio() takes a PHP float only: a real server
// sends CallVoteRatio as a <double> (GbxRemote.Net's TmServerOptions reads it as a double too). The defaults
// are those of the dedicated_cfg.txt a server ships with: <callvote_timeout>60000, <callvote_ratio>0.5.
describe('sandbox server options, as the PHP library reads and writes them', () => {
  it('sends CallVoteRatio as a double, so GetServerOptions goes back through SetServerOptions', async () => {
    const client = await PhpStyleClient.connect(sandbox.port);
    try {
      await client.query('Authenticate', [credentials.user, credentials.password]);
      const options = await client.query('GetServerOptions');
      assert.equal(memberXml(client.received.at(-1)!, 'CallVoteRatio'), '<value><double>0.5</double></value>');
      assert.equal(memberXml(client.received.at(-1)!, 'NextCallVoteTimeOut'), '<value><i4>60000</i4></value>');
      await client.query('GetCallVoteRatio');
      assert.match(client.received.at(-1)!, /<param><value><double>0\.5<\/double><\/value><\/param>/);
      assert.equal(options.kind, 'response');
      const read = options.kind === 'response' ? (options.value as Record<string, never>) : {};
      const given = { ...read, CallVoteRatio: -1, NextCallVoteTimeOut: 30_000 };
      assert.deepEqual(await client.query('SetServerOptions', [given]), { kind: 'response', value: true });
      await client.query('GetCallVoteRatio');
      assert.match(client.received.at(-1)!, /<double>-1<\/double>/);
    } finally {
      client.close();
    }
    assert.deepEqual(await session.call('GetCallVoteTimeOut'), { CurrentValue: 60_000, NextValue: 30_000 });
  });

  it('takes a new vote timeout with the next map, and GetServerOptions tells the same values', async () => {
    assert.equal(await session.call('SetCallVoteTimeOut', 45_000), true);
    assert.equal(await session.call('SetCallVoteRatio', 0.75), true);
    const before = (await session.call('GetServerOptions')) as Record<string, unknown>;
    assert.deepEqual([before.CurrentCallVoteTimeOut, before.NextCallVoteTimeOut, before.CallVoteRatio], [60_000, 45_000, 0.75]);
    sandbox.nextMap();
    assert.deepEqual(await session.call('GetCallVoteTimeOut'), { CurrentValue: 45_000, NextValue: 45_000 });
    await assert.rejects(session.call('SetCallVoteTimeOut', 'soon'), { message: 'SetCallVoteTimeOut failed with fault -1000: SetCallVoteTimeOut: expected an int parameter' });
  });

  // getServerTags() reads an array of Structures/Tag.php ({Name, Value}); setServerTag(key, value), unsetServerTag(key).
  it('keeps server tags as {Name, Value} structs until they are unset or reset', async () => {
    assert.deepEqual(await session.call('GetServerTags'), []);
    assert.equal(await session.call('SetServerTag', 'event', 'cup'), true);
    assert.equal(await session.call('SetServerTag', 'region', 'eu'), true);
    assert.equal(await session.call('SetServerTag', 'event', 'league'), true);
    assert.deepEqual(await session.call('GetServerTags'), [
      { Name: 'event', Value: 'league' },
      { Name: 'region', Value: 'eu' },
    ]);
    assert.equal(await session.call('UnsetServerTag', 'event'), true);
    assert.deepEqual(await session.call('GetServerTags'), [{ Name: 'region', Value: 'eu' }]);
    assert.equal(await session.call('ResetServerTags'), true);
    assert.deepEqual(await session.call('GetServerTags'), []);
  });

  // Connection.php's pairs (keepPlayerSlots/isKeepingPlayerSlots, disableHorns/areHornsDisabled, ...) and
  // Structures/ServerOptions.php's members read the same option; getCurrentCallVote() reads Structures/Vote.php
  // (CallerLogin, CmdName, CmdParam); manualFlowControlIsEnabled() is 0 (no), 1 (this client) or 2 (another).
  it('tells each on/off option alike through its own getter and GetServerOptions, and that no vote or flow control is under way', async () => {
    assert.deepEqual(await session.multicall([['AreHornsDisabled', []], ['IsMapDownloadAllowed', []], ['IsKeepingPlayerSlots', []]]), [
      { ok: true, value: false },
      { ok: true, value: true },
      { ok: true, value: false },
    ]);
    assert.equal(await session.call('DisableHorns', true), true);
    assert.equal(await session.call('AllowMapDownload', false), true);
    assert.equal(await session.call('SetServerOptions', { KeepPlayerSlots: true }), true);
    const options = (await session.call('GetServerOptions')) as Record<string, unknown>;
    assert.deepEqual([options.DisableHorns, options.AllowMapDownload, options.KeepPlayerSlots], [true, false, true]);
    assert.equal(await session.call('AreHornsDisabled'), true);
    assert.equal(await session.call('IsKeepingPlayerSlots'), true);
    await assert.rejects(session.call('DisableHorns', 'yes'), { message: 'DisableHorns failed with fault -1000: DisableHorns: expected a boolean parameter' });
    assert.deepEqual(await session.call('GetCurrentCallVote'), { CallerLogin: '', CmdName: '', CmdParam: '' });
    assert.equal(await session.call('ManualFlowControlIsEnabled'), 0);
    assert.equal(await session.call('GetLastConnectionErrorMessage'), '');
  });
});
