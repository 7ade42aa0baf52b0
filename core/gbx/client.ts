import { AsyncResource } from 'node:async_hooks';
import { outsideApps } from '../async-scope.js';
import { connect, type Socket } from 'node:net';
import { Emitter, toSubscription, type Subscription } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { decodeMessage, encodeCall, type DecodedMessage, type XmlRpcFault, type XmlRpcValue } from './codec.js';
import { DroppedCallbacks } from './dropped-callbacks.js';
import { FIRST_REQUEST_HANDLE, FrameReader, isResponseHandle, nextRequestHandle, type FrameSink } from './framing.js';
import { RequestWriter } from './request-writer.js';

export interface GbxClientOptions {
  host: string;
  port: number;
  /** How long one request may wait for its answer (default 10 s). */
  requestTimeoutMs?: number;
  /** How long connecting plus the handshake may take (default 5 s). */
  connectTimeoutMs?: number;
  /** Largest request body we send; larger multicalls are split (default 2 MB). */
  maxRequestBytes?: number;
  /** Largest response or callback body we accept (default 4 MB); a larger one is skipped, failing only its call. */
  maxResponseBytes?: number;
  /** Where callbacks that cannot be delivered are counted and logged (default: counted here, not logged). */
  droppedCallbacks?: DroppedCallbacks;
  /**
   * Where the server's callbacks are emitted (default: an emitter of this client's own). A session passes the one
   * its listeners are on, so they outlive each connection and a callback takes no extra hop to reach them.
   */
  callbacks?: Emitter<GbxCallback>;
}

/** A fault returned by the dedicated server for one method call. */
export class GbxFault extends Error {
  constructor(
    readonly code: number,
    readonly faultString: string,
    readonly method: string,
  ) {
    super(`${method} failed with fault ${code}: ${faultString}`);
    this.name = 'GbxFault';
  }
}

/** The connection failed, closed, or a request timed out. */
export class GbxConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GbxConnectionError';
  }
}

export type MulticallResult = { ok: true; value: XmlRpcValue } | { ok: false; fault: GbxFault };
export type MulticallEntry = readonly [method: string, params?: readonly XmlRpcValue[]];

export type CallbackListener = (method: string, params: XmlRpcValue[]) => void;

/** A callback from the server: a methodCall sent with a callback handle. */
export interface GbxCallback {
  readonly method: string;
  readonly params: XmlRpcValue[];
}

/** The one object a request costs beyond its promise: what its answer settles, and when it times out. */
class Pending {
  resolve!: (value: XmlRpcValue) => void;
  reject!: (error: Error) => void;
  constructor(
    readonly method: string,
    readonly deadline: number,
  ) {}
}

/** One executor for every request's promise, so none needs a closure: it hands resolve/reject to `capturing`. */
let capturing: Pending;
function capture(resolve: (value: XmlRpcValue) => void, reject: (error: Error) => void): void {
  capturing.resolve = resolve;
  capturing.reject = reject;
}

const DEFAULTS = { requestTimeoutMs: 10_000, connectTimeoutMs: 5_000, maxRequestBytes: 2 * 1024 * 1024, maxResponseBytes: 4 * 1024 * 1024 };

/**
 * One GbxRemote connection: handshake, request handles, responses matched to requests, callbacks, faults,
 * timeouts and multicall. It does not reconnect; GbxSession does that on top.
 */
export class GbxClient {
  private socket?: Socket;
  private handle = FIRST_REQUEST_HANDLE - 1;
  /** In the order sent, which is also deadline order: every request has the same timeout. */
  private readonly pending = new Map<number, Pending>();
  /** One timer for all requests, due at the oldest one's deadline. */
  private timer?: NodeJS.Timeout;
  private readonly writer = new RequestWriter();
  private flushScheduled = false;
  private readonly flush = (): void => this.flushFrames();
  private readonly expire = (): void => this.expireRequests();
  /**
   * Arms the timer as no app's, in the async context the client was made in, not in the caller's: a timer that
   * outlives the request that armed it must not count as that caller's (an app's timers are cleared when it stops).
   */
  private readonly armTimer = AsyncResource.bind((delay: number): NodeJS.Timeout => outsideApps(() => setTimeout(this.expire, delay)));
  private readonly receive: FrameSink = (handle, body, oversize) => this.onFrame(handle, body, oversize);
  private readonly callbacks: Emitter<GbxCallback>;
  private readonly closed = new Emitter<Error>();
  private closedWith?: Error;
  readonly options: Required<Omit<GbxClientOptions, 'droppedCallbacks' | 'callbacks'>>;
  readonly droppedCallbacks: DroppedCallbacks;

  constructor(options: GbxClientOptions) {
    const { droppedCallbacks, callbacks, ...rest } = options;
    this.options = { ...DEFAULTS, ...rest };
    this.droppedCallbacks = droppedCallbacks ?? new DroppedCallbacks();
    this.callbacks = callbacks ?? new Emitter<GbxCallback>();
  }

  get connected(): boolean {
    return this.socket !== undefined && this.closedWith === undefined;
  }

  /** Opens the socket and waits for the server's handshake. */
  connect(): Promise<void> {
    const { host, port, connectTimeoutMs, maxResponseBytes } = this.options;
    const reader = new FrameReader(maxResponseBytes, { expectHandshake: true });
    return new Promise((resolve, reject) => {
      let handshaken = false;
      const socket = connect({ host, port, noDelay: true });
      this.socket = socket;
      const timer = setTimeout(() => {
        fail(new GbxConnectionError(`No GbxRemote handshake from ${host}:${port} within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        this.shutDown(error);
        if (!handshaken) reject(error);
      };
      socket.on('data', (chunk: Buffer) => {
        if (handshaken) return this.read(reader, chunk, fail);
        try {
          // The handshake, then any frames in the same chunk once the connection counts as made.
          reader.read(chunk, (handle, body, oversize) => {
            if (!handshaken) {
              handshaken = true;
              clearTimeout(timer);
              resolve();
            }
            this.onFrame(handle, body, oversize);
          });
        } catch (error) {
          fail(new GbxConnectionError(`${(error as Error).message} (from ${host}:${port}); connection reset`, { cause: error }));
          return;
        }
        if (!handshaken && reader.handshakeComplete) {
          handshaken = true;
          clearTimeout(timer);
          resolve();
        }
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        fail(new GbxConnectionError(`Cannot reach the dedicated server at ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
      });
      socket.on('close', () => fail(new GbxConnectionError(`Connection to ${host}:${port} closed`)));
    });
  }

  /** Calls one method; rejects with GbxFault on a fault, GbxConnectionError on timeout or disconnect. */
  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return this.send(method, params);
  }

  /**
   * Calls several methods in one round trip (system.multicall). The result has one entry per call, in order;
   * a fault in one call does not affect the others. Batches larger than maxRequestBytes are split.
   */
  async multicall(calls: readonly MulticallEntry[]): Promise<MulticallResult[]> {
    const batches = this.splitBatches(calls);
    const answers = await Promise.all(batches.map((batch) => this.send('system.multicall', [batch.structs])));
    const results: MulticallResult[] = [];
    for (const [index, batch] of batches.entries()) {
      const answer = answers[index];
      if (!Array.isArray(answer) || answer.length !== batch.methods.length) {
        const got = Array.isArray(answer) ? `${answer.length} results` : 'something other than a list';
        throw new GbxConnectionError(`system.multicall answered ${got} for ${batch.methods.length} calls`);
      }
      for (const [position, item] of answer.entries()) results.push(toMulticallResult(item, batch.methods[position]!));
    }
    return results;
  }

  onCallback(listener: CallbackListener): Subscription {
    return toSubscription(this.callbacks.on((callback) => listener(callback.method, callback.params)));
  }

  /** Called once when the connection ends, with the reason. */
  onClose(listener: (error: Error) => void): Subscription {
    return toSubscription(this.closed.on(listener));
  }

  close(): void {
    this.shutDown(new GbxConnectionError('Connection closed by Pitwall'));
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private send(method: string, params: readonly XmlRpcValue[]): Promise<XmlRpcValue> {
    if (!this.connected) {
      // Encoded all the same, so a value that cannot be sent throws here as it does when connected.
      encodeCall(method, params);
      return Promise.reject(this.closedWith ?? new GbxConnectionError(`Cannot call ${method}: not connected`));
    }
    const { maxRequestBytes, requestTimeoutMs } = this.options;
    const handle = nextRequestHandle(this.handle);
    const size = this.writer.appendCall(handle, method, params, maxRequestBytes);
    if (size > maxRequestBytes) {
      return Promise.reject(new GbxConnectionError(`Request ${method} is ${size} bytes, over the limit of ${maxRequestBytes} bytes`));
    }
    this.handle = handle;
    const entry = new Pending(method, performance.now() + requestTimeoutMs);
    capturing = entry;
    const promise = new Promise<XmlRpcValue>(capture);
    this.pending.set(handle, entry);
    this.timer ??= this.armTimer(requestTimeoutMs);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
    return promise;
  }

  /** Every frame appended this tick goes out in one write. */
  private flushFrames(): void {
    this.flushScheduled = false;
    const frames = this.writer.take();
    if (this.connected && frames.length > 0) this.socket!.write(frames);
  }

  /** Fails the requests past their deadline (the oldest come first) and waits for the next one's. */
  private expireRequests(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const [handle, pending] of this.pending) {
      if (pending.deadline > now) {
        this.timer = this.armTimer(Math.ceil(pending.deadline - now));
        return;
      }
      this.pending.delete(handle);
      pending.reject(new GbxConnectionError(`${pending.method} got no answer within ${this.options.requestTimeoutMs} ms`));
    }
  }

  private read(reader: FrameReader, chunk: Buffer, fail: (error: Error) => void): void {
    try {
      reader.read(chunk, this.receive);
    } catch (error) {
      const { host, port } = this.options;
      fail(new GbxConnectionError(`${(error as Error).message} (from ${host}:${port}); connection reset`, { cause: error }));
    }
  }

  private onFrame(handle: number, body: Buffer, oversize: number | undefined): void {
    if (oversize !== undefined) return this.onOversizeFrame(handle, body, oversize);
    const text = body.toString('utf8');
    let message: DecodedMessage;
    try {
      message = decodeMessage(text);
    } catch (error) {
      if (!isResponseHandle(handle)) {
        this.droppedCallbacks.record(text, (error as Error).message);
        return;
      }
      const pending = this.pending.get(handle);
      if (pending) {
        this.pending.delete(handle);
        pending.reject(new GbxConnectionError(`Bad answer to ${pending.method}: ${(error as Error).message}`, { cause: error }));
      }
      return;
    }
    if (!isResponseHandle(handle)) {
      if (message.kind === 'call') this.callbacks.emit(message);
      else this.droppedCallbacks.record(text, `a ${message.kind === 'fault' ? 'fault' : 'methodResponse'} with a callback handle`);
      return;
    }
    const pending = this.pending.get(handle);
    // An answer to a request that timed out, or to no request at all: nothing waits for it.
    if (!pending) return;
    this.pending.delete(handle);
    if (message.kind === 'response') pending.resolve(message.value);
    else if (message.kind === 'fault') pending.reject(faultFor(message.fault, pending.method));
    else pending.reject(new GbxConnectionError(`Answer to ${pending.method} was a methodCall`));
  }

  /** A frame over maxResponseBytes was skipped: fail only the request it answered, or count the callback. */
  private onOversizeFrame(handle: number, head: Buffer, bytes: number): void {
    const limit = this.options.maxResponseBytes;
    if (!isResponseHandle(handle)) {
      this.droppedCallbacks.record(head.toString('utf8'), `${bytes} bytes, over the limit of ${limit} bytes (GBX.maxResponseBytes)`);
      return;
    }
    const pending = this.pending.get(handle);
    if (!pending) return;
    this.pending.delete(handle);
    pending.reject(new PitwallError('PW_ERR_GBX_RESPONSE_TOO_LARGE', { method: pending.method, bytes, limit }));
  }

  private shutDown(reason: Error): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    this.socket?.destroy();
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [handle, pending] of this.pending) {
      this.pending.delete(handle);
      pending.reject(new GbxConnectionError(`${pending.method} was cut off: ${reason.message}`, { cause: reason }));
    }
    this.closed.emit(reason);
  }

  private splitBatches(calls: readonly MulticallEntry[]): { structs: XmlRpcValue[]; methods: string[] }[] {
    // Envelope overhead of a system.multicall request with an empty list, plus per-call struct tags.
    const limit = this.options.maxRequestBytes - 256;
    const batches: { structs: XmlRpcValue[]; methods: string[]; bytes: number }[] = [];
    let current = { structs: [] as XmlRpcValue[], methods: [] as string[], bytes: 0 };
    for (const [method, params = []] of calls) {
      const struct = { methodName: method, params: [...params] };
      const bytes = Buffer.byteLength(encodeCall('', [struct]), 'utf8');
      if (current.structs.length > 0 && current.bytes + bytes > limit) {
        batches.push(current);
        current = { structs: [], methods: [], bytes: 0 };
      }
      current.structs.push(struct);
      current.methods.push(method);
      current.bytes += bytes;
    }
    if (current.structs.length > 0) batches.push(current);
    return batches;
  }
}

function faultFor(fault: XmlRpcFault, method: string): GbxFault {
  return new GbxFault(fault.faultCode, fault.faultString, method);
}

function toMulticallResult(item: XmlRpcValue, method: string): MulticallResult {
  if (Array.isArray(item)) return { ok: true, value: item.length > 0 ? item[0]! : null };
  const struct = item as { faultCode?: unknown; faultString?: unknown } | null;
  return {
    ok: false,
    fault: faultFor({ faultCode: Number(struct?.faultCode ?? 0), faultString: String(struct?.faultString ?? 'unknown fault') }, method),
  };
}
