/**
 * The sandbox server in its own process for the race HUD bench (as a dedicated server is its own process):
 * it joins the players, drives one player's run to its finish when told, and drives a field of players racing (checkpoint
 * crossings spread evenly in time, each run ending with a finish). The controller measures; this only drives.
 */
import { splitTimes } from '../core/sandbox/script-shapes.js';
import { SandboxServer } from '../core/sandbox/server.js';
import type { UiSandboxMessage } from './ui-protocol.js';

const [user = 'SuperAdmin', password = 'SuperAdmin'] = process.argv.slice(2);
const reply = (message: unknown): void => void process.send!(message);
const server = new SandboxServer({ host: '127.0.0.1', port: 0, user, password });
const port = await server.start();

/** Each player's next checkpoint and the times of the run so far. */
function race(logins: readonly string[], rounds: number, roundMs: number, finishTime: (login: string) => number): Promise<number> {
  const checkpoints = server.world.currentMap.NbCheckpoints;
  const runs = new Map(logins.map((login) => [login, [] as number[]]));
  let crossings = 0;
  return new Promise((resolve) => {
    let round = 0;
    const step = (): void => {
      if (round === rounds) return resolve(crossings);
      logins.forEach((login, index) => {
        setTimeout(() => {
          if (!server.world.players.has(login)) return;
          const run = runs.get(login)!;
          if (run.length === checkpoints) {
            server.playerFinish(login, finishTime(login));
            run.length = 0;
            return;
          }
          run.push((run.at(-1) ?? 0) + 7_000 + ((index * 131 + run.length * 17) % 900));
          crossings++;
          server.wayPoint(login, { curracecheckpoints: [...run], curlapcheckpoints: [...run] });
        }, (index * roundMs) / logins.length);
      });
      round++;
      setTimeout(step, roundMs);
    };
    step();
  });
}

process.on('message', (message: UiSandboxMessage) => {
  if ('join' in message) {
    for (const login of message.join) if (!server.world.players.has(login)) server.playerJoin(login, `Player ${login}`);
    reply({ joined: server.world.players.size });
  } else if ('leave' in message) {
    for (const login of message.leave) server.playerLeave(login, 'Disconnected');
    reply({ joined: server.world.players.size });
  } else if ('finish' in message) {
    const { login, time, gapMs } = message.finish;
    const times = splitTimes(time, server.world.currentMap.NbCheckpoints + 1);
    const cross = (index: number): void => {
      if (index === times.length - 1) return server.playerFinish(login, time);
      const crossed = times.slice(0, index + 1);
      server.wayPoint(login, { racetime: crossed.at(-1), laptime: crossed.at(-1), curracecheckpoints: crossed, curlapcheckpoints: crossed });
      setTimeout(() => cross(index + 1), gapMs);
    };
    cross(0);
  } else if ('race' in message) {
    const { logins, rounds, roundMs, finishTimes } = message.race;
    void race(logins, rounds, roundMs, (login) => finishTimes[login] ?? 60_000).then((crossings) => reply({ raced: crossings }));
  } else {
    void server.stop().then(() => process.disconnect());
  }
});
reply({ port, mapUid: server.world.currentMap.UId, checkpoints: server.world.currentMap.NbCheckpoints });
