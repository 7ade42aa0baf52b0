import 'reflect-metadata';
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { injectable, inject } from 'tsyringe';
import { AppHost } from '../../../core/apps/host.js';
import { AppScope } from '../../../core/apps/app-scope.js';
import { defineApp, GameServer, AppLogger, AccessControl, isPitwallError } from '../../../core/index.js';
import { ExceptionHandler } from '../../../core/reporting/exception-handler.js';
import { Database } from '../../../core/storage/database.js';
import { startTestCore, type TestCore } from '../../../core/testing.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const RESOLVABLE = 'GameServer, AppLogger, AccessControl';
const refusal = (token: string): string =>
  `App 'curious' asked its container for ${token}, which apps cannot resolve: ctx.container holds only the public tokens ` +
  `(${RESOLVABLE}) and the services the app registers itself. Fix: use what ctx gives (ctx.server, ctx.db, ctx.logger, ctx.can, ctx.dependency), or register your own service in ctx.container.`;

it('refuses core services from ctx.container with PW_ERR_APP_SCOPE naming the token', async () => {
  const outcomes: Record<string, string> = {};
  const attempt = (name: string, fn: () => unknown): void => {
    try {
      fn();
      outcomes[name] = 'resolved';
    } catch (error) {
      outcomes[name] = isPitwallError(error, 'PW_ERR_APP_SCOPE') ? error.message : `other error: ${(error as Error).message}`;
    }
  };
  const app = defineApp({
    id: 'curious',
    version: '1.0.0',
    init(ctx) {
      attempt('AppHost', () => ctx.container.resolve(AppHost));
      attempt('Database', () => ctx.container.resolve(Database));
      attempt('ExceptionHandler', () => ctx.container.resolve(ExceptionHandler));
      attempt('AppScope', () => ctx.container.resolve(AppScope));
      // A child the app makes, and the container returned by register() for chaining, are closed too.
      attempt('child AppHost', () => ctx.container.createChildContainer().resolve(AppHost));
      attempt('chained AppHost', () => ctx.container.register('mine', { useValue: 1 }).resolve(AppHost));
    },
  });
  core = await startTestCore({ apps: [app] });
  assert.equal(core.state('curious'), 'RUNNING');
  assert.deepEqual(outcomes, {
    AppHost: refusal('AppHost'),
    Database: refusal('Database'),
    ExceptionHandler: refusal('ExceptionHandler'),
    AppScope: refusal('AppScope'),
    'child AppHost': refusal('AppHost'),
    'chained AppHost': refusal('AppHost'),
  });
});

it('a class whose constructor asks for a token the app scope does not hold fails naming that token', async () => {
  // As a core class would, built fresh from tokens only the core holds.
  @injectable()
  class NeedsSettings {
    constructor(@inject(Symbol.for('not-public')) readonly value: unknown) {}
  }
  let message = '';
  const app = defineApp({
    id: 'curious',
    version: '1.0.0',
    init(ctx) {
      try {
        ctx.container.resolve(NeedsSettings);
      } catch (error) {
        message = isPitwallError(error, 'PW_ERR_APP_SCOPE') ? error.message : `other error: ${(error as Error).message}`;
      }
    },
  });
  core = await startTestCore({ apps: [app] });
  assert.equal(message, refusal('not-public'));
});

it('resolves the public tokens and the services the app registers itself, built with them', async () => {
  @injectable()
  class Greeter {
    constructor(
      @inject(GameServer) readonly server: GameServer,
      @inject(AppLogger) readonly logger: AppLogger,
    ) {}
  }
  const seen: Record<string, boolean> = {};
  const app = defineApp({
    id: 'curious',
    version: '1.0.0',
    init(ctx) {
      ctx.container.registerSingleton(Greeter);
      const greeter = ctx.container.resolve(Greeter);
      seen.server = greeter.server === ctx.server;
      seen.logger = greeter.logger === ctx.logger;
      seen.access = typeof ctx.container.resolve<AccessControl>(AccessControl).levelOf === 'function';
      seen.same = ctx.container.resolve(Greeter) === greeter;
    },
  });
  core = await startTestCore({ apps: [app] });
  assert.deepEqual(seen, { server: true, logger: true, access: true, same: true });
});
