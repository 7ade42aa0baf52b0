import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { decodeMessage, type XmlRpcValue } from '../gbx/codec.js';
import { encodeFrame, encodeHandshake, FrameReader } from '../gbx/framing.js';
import type { SandboxConnection as Connection } from './control.js';
import { encodeSandboxCallback, encodeSandboxFault, encodeSandboxResponse } from './encoder.js';
import { FAULT_NO_METHOD, SandboxFault, type AnsweredFault } from './faults.js';
import { checkLevel, type MethodEntry } from './method-table.js';

export interface ProtocolOptions {
  host: string;
  port: number;
  /** Largest request body accepted (default 2 MB, as a dedicated server). */
  maxRequestBytes?: number;
  log(line: string): void;
}

/**
 * The GbxRemote side of the sandbox: the listening socket, the handshake and framing, one call at a time
 * through the method table (levels checked, faults recorded), and callbacks out to the connections that
 * enabled them.
 */
export class SandboxProtocol {
  /** Every call answered, oldest first (bounded), for tests to check what a client asked. */
  readonly calls: { method: string; params: XmlRpcValue[] }[] = [];
  /** Every fault answered to a call, oldest first (bounded). */
  readonly faults: AnsweredFault[] = [];
  readonly connections = new Set<Connection>();
  private readonly injectedFaults = new Map<string, { code: number; message: string; times: number }>();
  /** Methods whose answers are held back (a slow server), with the answers waiting to be sent. */
  private readonly held = new Map<string, (() => void)[]>();
  private server?: Server;
  private boundPort = 0;

  constructor(
    private readonly options: ProtocolOptions,
    private readonly table: () => ReadonlyMap<string, MethodEntry>,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    server.listen(this.options.port, this.options.host);
    await once(server, 'listening');
    this.boundPort = (server.address() as { port: number }).port;
    return this.boundPort;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const connection of this.connections) connection.socket.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  dropConnections(): void {
    for (const connection of this.connections) connection.socket.destroy();
  }

  holdAnswers(method: string): () => void {
    this.held.set(method, []);
    return () => {
      const waiting = this.held.get(method) ?? [];
      this.held.delete(method);
      for (const send of waiting) send();
    };
  }

  injectFault(method: string, code: number, message: string, times: number): void {
    this.injectedFaults.set(method, { code, message, times });
  }

  /** Runs one call as the server would: unknown methods, levels and injected faults first. */
  invoke(method: string, params: XmlRpcValue[], connection: Connection): XmlRpcValue {
    this.calls.push({ method, params });
    if (this.calls.length > 1000) this.calls.shift();
    try {
      const entry = this.table().get(method);
      if (!entry) throw new SandboxFault(FAULT_NO_METHOD, `Method '${method}' not defined`);
      checkLevel(entry, connection.level);
      const injected = this.injectedFaults.get(method);
      if (injected) {
        if (--injected.times <= 0) this.injectedFaults.delete(method);
        throw new SandboxFault(injected.code, injected.message);
      }
      return entry.handler(params, connection);
    } catch (error) {
      if (error instanceof SandboxFault) {
        this.faults.push({ method, code: error.code, message: error.message });
        if (this.faults.length > 1000) this.faults.shift();
        // What a controller was refused is worth seeing when trying one against the sandbox.
        this.options.log(`${method} faulted ${error.code}: ${error.message}`);
      }
      throw error;
    }
  }

  /** Sends a callback to each connection `include` picks (by default: those that enabled callbacks). */
  callback(
    method: string,
    params: XmlRpcValue[] | ((connection: Connection) => XmlRpcValue[]),
    include: (connection: Connection) => boolean = (connection) => connection.callbacks,
  ): void {
    const shared = typeof params === 'function' ? undefined : encodeSandboxCallback(method, params);
    for (const connection of this.connections) {
      if (!include(connection) || connection.socket.destroyed) continue;
      const body = shared ?? encodeSandboxCallback(method, (params as (connection: Connection) => XmlRpcValue[])(connection));
      // Callback handles stay below the request range (high bit clear).
      connection.callbackHandle = connection.callbackHandle >= 0x7fffffff ? 1 : connection.callbackHandle + 1;
      connection.socket.write(encodeFrame(connection.callbackHandle, body));
    }
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection: Connection = { socket, callbacks: false, callbackHandle: 0, apiVersion: '' };
    this.connections.add(connection);
    const maxRequestBytes = this.options.maxRequestBytes ?? 2 * 1024 * 1024;
    const reader = new FrameReader(maxRequestBytes, { expectHandshake: false });
    socket.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (error) {
        this.options.log(`closing a connection: ${(error as Error).message}`);
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        if (frame.oversize !== undefined) {
          // Nothing in the protocol says what a server answers to an oversize request: close, as before.
          this.options.log(`closing a connection: a request of ${frame.oversize} bytes is over the limit of ${maxRequestBytes} bytes`);
          socket.destroy();
          return;
        }
        this.answer(connection, frame.handle, frame.body.toString('utf8'));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.connections.delete(connection));
    socket.write(encodeHandshake());
  }

  private answer(connection: Connection, handle: number, body: string): void {
    let reply: string;
    try {
      const message = decodeMessage(body);
      if (message.kind !== 'call') throw new SandboxFault(-32600, 'Expected a methodCall');
      const waiting = this.held.get(message.method);
      if (waiting) {
        waiting.push(() => this.answer(connection, handle, body));
        return;
      }
      reply = encodeSandboxResponse(this.invoke(message.method, message.params, connection));
    } catch (error) {
      const fault = error instanceof SandboxFault ? error : new SandboxFault(-32700, (error as Error).message);
      reply = encodeSandboxFault(fault.code, fault.message);
    }
    if (!connection.socket.destroyed) connection.socket.write(encodeFrame(handle, reply));
  }
}
