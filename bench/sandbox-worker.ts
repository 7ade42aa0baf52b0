/**
 * The sandbox server on its own thread (own event loop and heap), as a dedicated server is its own process:
 * its decoding and garbage do not land in the controller's measured time. Told by message to add players.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SandboxServer } from '../core/sandbox/server.js';

const { user, password } = workerData as { user: string; password: string };
const server = new SandboxServer({ host: '127.0.0.1', port: 0, user, password });
const port = await server.start();
parentPort!.on('message', (message: { join?: number; stop?: boolean }) => {
  if (message.join) for (let index = 0; index < message.join; index++) server.playerJoin(`player${index}`, `Player ${index}`);
  if (message.stop) void server.stop().then(() => parentPort!.close());
});
parentPort!.postMessage({ port });
