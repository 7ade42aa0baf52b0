import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client as GbxRemoteClient } from 'gbxremote';
import { GbxClient } from '../core/gbx/client.js';
import type { AnsweredMethod } from './gbx-answers.js';
import { FloorClient } from './gbx-floor-client.js';
import { format, middle } from './stats.js';

export interface ThroughputResult {
  method: AnsweredMethod;
  /** Requests per second, one at a time and with 100 in flight, per client. */
  sequential: { pitwall: number; floor: number; gbxremote: number };
  inFlight: { pitwall: number; floor: number; gbxremote: number };
  /** Medians over rounds of Pitwall's rate divided by the other client's, measured back to back. */
  ratios: { sequentialFloor: number; sequentialGbxremote: number; inFlightFloor: number; inFlightGbxremote: number };
}

type Caller = (method: string) => Promise<unknown>;

/** Starts the minimal answering server in a child process, so the server's work does not share the bench's core. */
export async function startAnswerServer(method: AnsweredMethod): Promise<{ port: number; stop(): void }> {
  const script = fileURLToPath(new URL('./gbx-answer-server.js', import.meta.url));
  const child = spawn(process.execPath, [script, method], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error(`answer server exited early: ${output}`)));
  });
  // Also when the bench dies: the server shares its stderr, and a reader of that would wait for it.
  const stop = (): void => void child.kill('SIGTERM');
  process.once('exit', stop);
  return { port, stop };
}

/** Requests per second, one request at a time. */
export async function sequential(call: Caller, method: string, count: number): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < count; index++) await call(method);
  return count / ((performance.now() - start) / 1000);
}

/** Requests per second with `window` requests kept in flight. */
export async function inFlight(call: Caller, method: string, count: number, window: number): Promise<number> {
  const start = performance.now();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent++;
      await call(method);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return count / ((performance.now() - start) / 1000);
}

export interface ThroughputClients {
  pitwall: Caller;
  floor: Caller;
  gbxremote: Caller;
  close(): void;
}

/** The three clients, each on its own connection to the same answering server. */
export async function connectClients(port: number, requestTimeoutMs?: number): Promise<ThroughputClients> {
  const pitwall = new GbxClient({ host: '127.0.0.1', port, ...(requestTimeoutMs ? { requestTimeoutMs } : {}) });
  await pitwall.connect();
  const floor = new FloorClient(port);
  await floor.connect();
  const reference = new GbxRemoteClient(port, '127.0.0.1');
  await reference.connect();
  return {
    pitwall: (method) => pitwall.call(method),
    floor: (method) => floor.call(method),
    gbxremote: (method) => reference.query(method, []),
    close: () => {
      pitwall.close();
      floor.close();
      reference.terminate();
    },
  };
}

/**
 * Pitwall's client against the raw framing floor and npm gbxremote, all three on one minimal server in a child
 * process that answers every request with the same pre-built response. Rounds alternate the clients and the
 * ratio is taken per round: on a shared machine the load changes between rounds.
 */
export async function benchGbxThroughput(methods: readonly { method: AnsweredMethod; count: number }[], rounds = 5): Promise<ThroughputResult[]> {
  const results: ThroughputResult[] = [];
  for (const { method, count } of methods) {
    const server = await startAnswerServer(method);
    const clients = await connectClients(server.port);
    try {
      const names = ['pitwall', 'floor', 'gbxremote'] as const;
      // Warm every client up so none pays for JIT compilation inside the measurement.
      for (const name of names) {
        await sequential(clients[name], method, Math.max(50, count / 10));
        await inFlight(clients[name], method, Math.max(100, count / 10), 100);
      }
      const measured: { sequential: Record<string, number>; inFlight: Record<string, number> }[] = [];
      for (let round = 0; round < rounds; round++) {
        const row = { sequential: {} as Record<string, number>, inFlight: {} as Record<string, number> };
        for (const name of names) row.sequential[name] = await sequential(clients[name], method, count);
        for (const name of names) row.inFlight[name] = await inFlight(clients[name], method, count, 100);
        measured.push(row);
      }
      const rate = (mode: 'sequential' | 'inFlight', name: string): number => middle(measured.map((row) => row[mode][name]!));
      const ratio = (mode: 'sequential' | 'inFlight', name: string): number => middle(measured.map((row) => row[mode].pitwall! / row[mode][name]!));
      results.push({
        method,
        sequential: { pitwall: rate('sequential', 'pitwall'), floor: rate('sequential', 'floor'), gbxremote: rate('sequential', 'gbxremote') },
        inFlight: { pitwall: rate('inFlight', 'pitwall'), floor: rate('inFlight', 'floor'), gbxremote: rate('inFlight', 'gbxremote') },
        ratios: {
          sequentialFloor: ratio('sequential', 'floor'),
          sequentialGbxremote: ratio('sequential', 'gbxremote'),
          inFlightFloor: ratio('inFlight', 'floor'),
          inFlightGbxremote: ratio('inFlight', 'gbxremote'),
        },
      });
    } finally {
      clients.close();
      server.stop();
    }
  }
  return results;
}

/** The lines `npm run bench` prints for this benchmark. */
export function throughputLines(results: readonly ThroughputResult[]): string[] {
  const label = (method: AnsweredMethod): string => (method === 'GetMapList' ? 'GetMapList (500 maps)' : method);
  const lines: string[] = [];
  for (const { method, sequential: one, inFlight: many, ratios } of results) {
    lines.push(
      `${label(method)} sequential: Pitwall ${format(one.pitwall)}, floor ${format(one.floor)}, gbxremote ${format(one.gbxremote)} req/s: ` +
        `Pitwall/floor ${format(ratios.sequentialFloor, 2)}x, Pitwall/gbxremote ${format(ratios.sequentialGbxremote, 2)}x`,
      `${label(method)} 100 in flight: Pitwall ${format(many.pitwall)}, floor ${format(many.floor)}, gbxremote ${format(many.gbxremote)} req/s: ` +
        `Pitwall/floor ${format(ratios.inFlightFloor, 2)}x, Pitwall/gbxremote ${format(ratios.inFlightGbxremote, 2)}x`,
    );
  }
  return lines;
}

// `node dist/bench/gbx-throughput.js [--quick]` runs this benchmark alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const results = await benchGbxThroughput([
    { method: 'GetStatus', count: quick ? 500 : 3000 },
    { method: 'GetMapList', count: quick ? 10 : 30 },
  ]);
  process.stdout.write(`Node ${process.version}\n${throughputLines(results).join('\n')}\n`);
}
