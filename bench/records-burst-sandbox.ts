/**
 * The sandbox server in its own process for the records burst bench (as a dedicated server is), so that
 * the controller's CPU time is its own:
 * it joins the players, drives their finishes spread over a window, and times a bystander's `/players`
 * from the chat line sent to the answer received, so the controller's thread is the only one measured.
 */
import { SandboxServer } from '../core/sandbox/server.js';
import { BYSTANDER, type BurstSandboxMessage } from './records-burst-protocol.js';


const [user = 'SuperAdmin', password = 'SuperAdmin'] = process.argv.slice(2);
const reply = (message: unknown): void => void process.send!(message);
const server = new SandboxServer({ host: '127.0.0.1', port: 0, user, password });
const port = await server.start();

/** Sends `/players` as the bystander every `everyMs` until `until`, and resolves with each answer's latency. */
async function ping(everyMs: number, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  const pending: number[] = [];
  const stop = server.onChat((chat) => {
    if (chat.to?.length === 1 && chat.to[0] === BYSTANDER && / connected: /.test(chat.text) && pending.length > 0) latencies.push(performance.now() - pending.shift()!);
  });
  const giveUp = () => performance.now() - lastSent > 10_000;
  let lastSent = performance.now();
  while ((!until() || pending.length > 0) && !giveUp()) {
    if (!until()) {
      lastSent = performance.now();
      pending.push(lastSent);
      server.playerChat(BYSTANDER, '/players');
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  stop();
  return latencies;
}

process.on('message', (message: BurstSandboxMessage) => {
  if ('join' in message) {
    // Each run starts from an empty server: the players of the previous one leave.
    for (const login of [...server.world.players.keys()]) server.playerLeave(login, 'Disconnected');
    for (const login of message.join) server.playerJoin(login, `Player ${login}`);
    server.playerJoin(BYSTANDER, 'Watcher');
    reply({ joined: message.join.length + 1 });
  } else if ('awaitPage' in message) {
    const { login, id } = message.awaitPage;
    const poll = (): void => {
      if (server.manialinks.pages(login).some((page) => page.id === id)) reply({ shown: id });
      else setTimeout(poll, 10);
    };
    poll();
  } else if ('burst' in message) {
    const { finishes, windowMs, pingEveryMs, tailMs } = message.burst;
    const started = performance.now();
    finishes.forEach(({ login, time }, index) => setTimeout(() => server.playerFinish(login, time), (index * windowMs) / finishes.length));
    void ping(pingEveryMs, () => performance.now() - started > windowMs + tailMs).then((latencies) => reply({ latencies }));
  } else {
    void server.stop().then(() => process.disconnect());
  }
});
reply({ port, mapUid: server.world.currentMap.UId });
