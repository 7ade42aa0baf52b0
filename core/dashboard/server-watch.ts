import { DisposableStore } from '../disposables.js';
import type { ServerEvents } from '../server/events.js';
import type { GameServer } from '../server/facade.js';
import type { LiveStreams } from './live.js';
import type { ChatLine, DashboardViews } from './views.js';

/**
 * Keeps the dashboard's live pages in step with the server: players joining and leaving, the map, the jukebox
 * and list changing through chat commands, the connection, and players' chat lines (never command lines).
 */
export function watchServer(
  events: ServerEvents,
  server: GameServer,
  views: DashboardViews,
  live: LiveStreams,
  send: { maps(): Promise<void>; chat(line: ChatLine): void; debug(line: string): void },
): DisposableStore {
  const store = new DisposableStore();
  const now = Date.now();
  for (const login of server.players.keys()) views.joinedAt.set(login, now);
  const players = (): void => live.send('players', views.playersView());
  store.add(
    events.on('playerConnect', ({ login }) => {
      views.joinedAt.set(login, Date.now());
      players();
    }),
  );
  store.add(
    events.on('playerDisconnect', ({ login }) => {
      views.joinedAt.delete(login);
      players();
    }),
  );
  store.add(
    events.on('beginMap', () => {
      const began = Date.now();
      views.mapClock = undefined;
      live.send('server', views.serverView());
      void send.maps();
      views.readTimeLimit(began).then(
        () => live.send('server', views.serverView()),
        (error: unknown) => send.debug(`The time limit could not be read: ${(error as Error).message}`),
      );
    }),
  );
  // The jukebox and the list change through chat commands too (/jukebox, //removemap, //add tmx).
  store.add(
    events.on('playerChat', ({ isCommand, text }) => {
      if (isCommand && /^\/\/?(jukebox|removemap|add|remove|addmap|tmx)\b/i.test(text)) setTimeout(() => void send.maps(), 250).unref();
    }),
  );
  store.add(events.on('reconnected', () => live.send('server', views.serverView())));
  store.add(events.on('disconnected', () => live.send('server', views.serverView())));
  store.add(
    events.on('playerChat', ({ login, text, isCommand }) => {
      // Commands may carry passwords (//password): the console shows only their own answers.
      if (isCommand) return;
      send.chat({ time: new Date().toISOString(), login, nickName: server.players.get(login)?.nickName ?? login, text });
    }),
  );
  return store;
}
