import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CommandRegistry, parseCommandLine } from '../../../core/server/commands.js';

const reply = async (): Promise<void> => undefined;

it('parses a chat line into a command name and arguments', () => {
  assert.deepEqual(parseCommandLine('  /Kick  bob  now '), { prefix: '/', name: 'kick', args: ['bob', 'now'], text: 'bob  now' });
  assert.deepEqual(parseCommandLine('//kick bob'), { prefix: '//', name: 'kick', args: ['bob'], text: 'bob' });
  assert.deepEqual(parseCommandLine('/players'), { prefix: '/', name: 'players', args: [], text: '' });
  assert.equal(parseCommandLine('///kick'), undefined);
  assert.equal(parseCommandLine('hello /kick'), undefined);
  assert.equal(parseCommandLine('/'), undefined);
});

it('runs a command, denies admin commands to others, and tells unknown commands apart', () => {
  const registry = new CommandRegistry((login) => login === 'boss');
  const calls: string[] = [];
  registry.register('admin', 'kick', (call) => void calls.push(`${call.login} kicks ${call.args.join(',')}`), { admin: true });
  registry.register('admin', 'players', () => void calls.push('players'));
  assert.equal(registry.dispatch('boss', '/kick bob', reply), 'ran');
  assert.equal(registry.dispatch('bob', '/kick boss', reply), 'denied');
  assert.equal(registry.dispatch('bob', '/players', reply), 'ran');
  assert.equal(registry.dispatch('bob', '/nope', reply), 'unknown');
  assert.equal(registry.dispatch('bob', 'just chatting', reply), 'not-a-command');
  assert.deepEqual(calls, ['boss kicks bob', 'players']);
});

it('refuses a taken or malformed command name, naming both apps', () => {
  const registry = new CommandRegistry(() => false);
  registry.register('admin', 'skip', () => undefined);
  assert.throws(() => registry.register('records', 'skip', () => undefined), {
    code: 'PW_ERR_COMMAND_TAKEN',
    message: "App 'records' cannot register chat command '/skip': app 'admin' already has it. Fix: choose another command name.",
  });
  assert.throws(() => registry.register('records', 'Bad Name', () => undefined), { code: 'PW_ERR_COMMAND_NAME' });
});

it('frees the name when the registration is disposed', async () => {
  const registry = new CommandRegistry(() => false);
  const registration = registry.register('admin', 'skip', () => undefined);
  await registration.dispose();
  assert.deepEqual(registry.list(), []);
  registry.register('records', 'skip', () => undefined);
});
