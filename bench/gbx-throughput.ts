import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client as GbxRemoteClient } from 'gbxremote';
import { GbxClient } from '../core/gbx/client.js';
import { median } from './stats.js';

export interface ThroughputResult {
  method: string;
  pitwallSequential: number;
  gbxremoteSequential: number;
  pitwallInFlight: number;
  gbxremoteInFlight: number;
}

type Caller = (method: string) => Promise<unknown>;

/** Starts `pitwall sandbox` in a child process, so the server's work does not share the benchmark's core. */
async function startSandboxProcess(): Promise<{ port: number; stop(): void }> {
  const cli = fileURLToPath(new URL('../core/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error(`sandbox exited early: ${output}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/** Requests per second, one request at a time. */
async function sequential(call: Caller, method: string, count: number): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < count; index++) await call(method);
  return count / ((performance.now() - start) / 1000);
}

/** Requests per second with `window` requests kept in flight. */
async function inFlight(call: Caller, method: string, count: number, window: number): Promise<number> {
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

export async function benchGbxThroughput(methods: string[], count: number): Promise<ThroughputResult[]> {
  const sandbox = await startSandboxProcess();
  const pitwall = new GbxClient({ host: '127.0.0.1', port: sandbox.port });
  await pitwall.connect();
  await pitwall.call('Authenticate', 'SuperAdmin', 'SuperAdmin');
  const reference = new GbxRemoteClient(sandbox.port, '127.0.0.1');
  await reference.connect();
  await reference.query('Authenticate', ['SuperAdmin', 'SuperAdmin']);
  const callPitwall: Caller = (method) => pitwall.call(method);
  const callReference: Caller = (method) => reference.query(method, []);

  const results: ThroughputResult[] = [];
  try {
    for (const method of methods) {
      // Warm both up so neither pays for JIT compilation inside the measurement.
      await sequential(callPitwall, method, 200);
      await sequential(callReference, method, 200);
      results.push({
        method,
        pitwallSequential: await median(3, () => sequential(callPitwall, method, count)),
        gbxremoteSequential: await median(3, () => sequential(callReference, method, count)),
        pitwallInFlight: await median(3, () => inFlight(callPitwall, method, count, 100)),
        gbxremoteInFlight: await median(3, () => inFlight(callReference, method, count, 100)),
      });
    }
  } finally {
    pitwall.close();
    reference.terminate();
    sandbox.stop();
  }
  return results;
}
