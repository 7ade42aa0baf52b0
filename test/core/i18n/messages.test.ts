import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { defineApp, defineMessages } from '../../../core/index.js';
import { languageTag, messageProblems, translate } from '../../../core/i18n/messages.js';
import { checkMessages, startTestCore, type TestCore } from '../../helpers/core.js';

const messages = defineMessages({
  en: { hello: 'Hello {name}, you have {count} points', bye: 'Bye!' },
  fr: { hello: 'Bonjour {name}, vous avez {count} points', bye: 'Au revoir !' },
  de: { hello: 'Hallo {name}, du hast {count} Punkte' },
});

describe('translate', () => {
  it("fills a line in the player's language, and English where that language lacks the key or is unknown", () => {
    assert.equal(translate('demo', messages, 'fr', 'hello', { name: 'Anna', count: 3 }), 'Bonjour Anna, vous avez 3 points');
    assert.equal(translate('demo', messages, 'de', 'bye'), 'Bye!');
    assert.equal(translate('demo', messages, 'pt', 'bye'), 'Bye!');
  });

  it("keeps a parameter's $$ and $& as written (nicknames are not replacement patterns)", () => {
    assert.equal(translate('demo', messages, 'en', 'hello', { name: '$$o$&', count: 0 }), 'Hello $$o$&, you have 0 points');
  });

  it('refuses a key the English table does not declare, naming the declared ones and the fix', () => {
    assert.throws(() => translate('demo', messages, 'fr', 'helo'), {
      code: 'PW_ERR_MESSAGE_KEY',
      message:
        "App 'demo' asked for the message 'helo', which its English messages do not declare (declared: hello, bye). " +
        "Fix: add 'helo' to the en table of the app's defineMessages({ en: { ... } }), or use a declared key.",
    });
  });

  it("reads the primary tag of the server's language, lower case, and English for anything else", () => {
    assert.deepEqual(['fr', 'FR', 'de-DE', 'pt_BR', '', 'français', undefined].map(languageTag), ['fr', 'fr', 'de', 'pt', 'en', 'en', 'en']);
  });
});

describe('checkMessages', () => {
  it('names a missing key, an unknown key, an empty line and placeholders that differ from English', () => {
    const loose = { en: { a: 'A {x}', b: 'B' }, fr: { a: 'A {y}', c: 'C' }, de: { a: ' ', b: 'B' } };
    assert.deepEqual(messageProblems('demo', loose), [
      "app 'demo', fr: 'a' has placeholders {y}, en has {x}",
      `app 'demo', fr: 'b' is missing (en: "B")`,
      "app 'demo', fr: 'c' is not an English key",
      "app 'demo', de: 'a' is empty",
    ]);
    assert.deepEqual(checkMessages({ id: 'demo', messages }), [`app 'demo', de: 'bye' is missing (en: "Bye!")`]);
    assert.deepEqual(checkMessages({ id: 'plain' }), []);
  });
});

describe('ctx.t, ctx.tell and ctx.announce', () => {
  let core: TestCore | undefined;
  afterEach(async () => {
    await core?.stop();
    core = undefined;
  });

  const app = defineApp({
    id: 'polyglot',
    version: '1.0.0',
    messages,
    init(ctx) {
      ctx.command('hello', async (call) => ctx.tell(call.login, 'hello', { name: call.login, count: 2 }));
      ctx.command('bye', async () => ctx.announce('bye'));
      ctx.command('line', async (call) => call.reply(await ctx.t(call.login, 'bye')));
      // A key built at run time (or a JavaScript app) is checked when used.
      ctx.command('bad', async (call) => call.reply(await ctx.t(call.login, call.args[0] as 'bye')));
    },
  });

  it("answers each player in the language their game reports (GetDetailedPlayerInfo's Language), asked once per player", async () => {
    core = await startTestCore({ apps: [app] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.join('bert', 'Bert', { language: 'de-DE' });
    await core.join('cleo');
    await core.chat('anna', '/hello');
    await core.waitForChat('Bonjour anna, vous avez 2 points');
    await core.chat('bert', '/hello');
    await core.waitForChat('Hallo bert, du hast 2 Punkte');
    await core.chat('cleo', '/hello');
    const english = await core.waitForChat('Hello cleo, you have 2 points');
    assert.deepEqual(english.to, ['cleo']);
    // German has no 'bye': Bert reads English.
    await core.chat('bert', '/line');
    await core.waitForChat((/^Bye!$/));
    await core.chat('anna', '/line');
    await core.waitForChat('Au revoir !');
    const asked = core.sandbox.calls.filter((call) => call.method === 'GetDetailedPlayerInfo').map((call) => call.params[0]);
    assert.deepEqual(asked, ['anna', 'bert', 'cleo']);
    assert.deepEqual(core.errors, []);
  });

  it('announces to everyone, each language group reading its own line', async () => {
    core = await startTestCore({ apps: [app] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.join('bert', 'Bert', { language: 'de' });
    await core.join('cleo');
    await core.chat('cleo', '/bye');
    const french = await core.waitForChat('Au revoir !');
    const english = await core.waitForChat('Bye!');
    assert.deepEqual(french.to, ['anna']);
    assert.deepEqual(english.to, ['bert', 'cleo']);
  });

  it('sends one public line when every player reads the same language', async () => {
    core = await startTestCore({ apps: [app] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.chat('anna', '/bye');
    assert.deepEqual(await core.waitForChat('Au revoir !'), { text: 'Au revoir !' });
  });

  it('a player who left and came back with another language is asked again', async () => {
    core = await startTestCore({ apps: [app] });
    await core.join('anna', 'Anna', { language: 'fr' });
    await core.chat('anna', '/line');
    await core.waitForChat('Au revoir !');
    await core.leave('anna');
    await core.join('anna', 'Anna', { language: 'en' });
    await core.chat('anna', '/hello');
    await core.waitForChat('Hello anna, you have 2 points');
  });

  it('a server that refuses GetDetailedPlayerInfo means English for that player, asked once', async () => {
    core = await startTestCore({ apps: [app] });
    await core.join('anna', 'Anna', { language: 'fr' });
    // A fault as an older server answers a method it does not have.
    core.sandbox.injectFault('GetDetailedPlayerInfo', -1000, 'Unknown method.');
    await core.chat('anna', '/line');
    await core.waitForChat('Bye!');
    await core.chat('anna', '/hello');
    await core.waitForChat('Hello anna, you have 2 points');
    assert.equal(core.sandbox.calls.filter((call) => call.method === 'GetDetailedPlayerInfo').length, 1);
    assert.deepEqual(core.errors, []);
  });

  it('an unknown key is an error attributed to the app, not a blank line', async () => {
    core = await startTestCore({ apps: [app] });
    await core.join('anna');
    await core.chat('anna', '/bad nope');
    await core.waitFor(() => core!.errors.length === 1, 'the error');
    assert.equal(core.errors[0]!.app, 'polyglot');
    assert.equal((core.errors[0]!.error as { code?: string }).code, 'PW_ERR_MESSAGE_KEY');
    assert.equal(core.chatLog.some((chat) => chat.text === ''), false);
  });
});
