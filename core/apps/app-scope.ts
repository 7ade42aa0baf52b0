import { container as tsyringeRoot, inject, injectable, type DependencyContainer, type InjectionToken } from 'tsyringe';
import { AccessControl } from '../access/access-control.js';
import { PitwallError } from '../errors.js';
import { GameServer } from '../server/facade.js';
import { AppLogger } from './app-logger.js';

/** DI token for the core's own container: the app scope asks it which tokens are the core's. */
export const CoreContainer = Symbol('CoreContainer');

/** The tokens an app's container resolves besides what the app registers itself (docs/apps.md lists them). */
export const PUBLIC_TOKENS: readonly InjectionToken[] = [GameServer, AppLogger, AccessControl];

/**
 * The parent of every app's container: a container of its own (not a child of the core's), holding only the
 * public tokens, so `ctx.container.resolve(AppHost)` cannot reach the live core. What the core holds and the
 * app scope does not is refused with PW_ERR_APP_SCOPE naming the token; so is a class of the core the
 * container would try to build from core tokens.
 */
@injectable()
export class AppScope {
  private readonly scope: DependencyContainer;

  constructor(
    @inject(CoreContainer) private readonly core: DependencyContainer,
    @inject(GameServer) server: GameServer,
    @inject(AccessControl) access: AccessControl,
  ) {
    this.scope = tsyringeRoot.createChildContainer();
    this.scope.register(GameServer, { useValue: server });
    this.scope.register(AccessControl, { useValue: access });
  }

  /** A fresh container for app `id`, its logger registered as AppLogger. */
  containerFor(id: string, logger: AppLogger): DependencyContainer {
    const own = this.scope.createChildContainer();
    own.register(AppLogger, { useValue: logger });
    return this.guard(id, own);
  }

  private guard(id: string, target: DependencyContainer): DependencyContainer {
    const refuse = (token: InjectionToken): never => {
      throw new PitwallError('PW_ERR_APP_SCOPE', { id, token: tokenName(token), resolvable: PUBLIC_TOKENS.map(tokenName) });
    };
    const check = (token: InjectionToken): void => {
      if (!target.isRegistered(token, true) && this.core.isRegistered(token, true)) refuse(token);
    };
    // Building an unregistered class fails on the first core token its constructor asks for: name that token.
    const build = <T>(resolve: () => T): T => {
      try {
        return resolve();
      } catch (error) {
        const missing = /unregistered dependency token: "?(.+?)"?$/m.exec(String((error as Error).message))?.[1];
        if (missing) throw new PitwallError('PW_ERR_APP_SCOPE', { id, token: missing.replace(/^Symbol\((.*)\)$/, '$1'), resolvable: PUBLIC_TOKENS.map(tokenName) }, { cause: error });
        throw error;
      }
    };
    const guarded: DependencyContainer = new Proxy(target, {
      get: (object, property) => {
        if (property === 'resolve') return <T>(token: InjectionToken<T>) => (check(token), build(() => object.resolve(token)));
        if (property === 'resolveAll') return <T>(token: InjectionToken<T>) => (check(token), build(() => object.resolveAll(token)));
        if (property === 'createChildContainer') return () => this.guard(id, object.createChildContainer());
        const value = Reflect.get(object, property, object) as unknown;
        if (typeof value !== 'function') return value;
        // register() and friends return the container for chaining: hand back the guarded one, never the raw.
        return (...args: unknown[]) => {
          const result = (value as (...args: unknown[]) => unknown).apply(object, args);
          return result === object ? guarded : result;
        };
      },
    });
    return guarded;
  }
}

function tokenName(token: InjectionToken): string {
  if (typeof token === 'symbol') return token.description ?? token.toString();
  if (typeof token === 'function') return token.name;
  if (typeof token === 'string') return token;
  return String(token);
}
