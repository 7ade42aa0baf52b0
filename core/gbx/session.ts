import { backoffDelay } from '../backoff.js';
import { Emitter, toSubscription, type Disposable, type Subscription } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { GbxClient, GbxFault, type CallbackListener, type GbxCallback, type GbxClientOptions, type MulticallEntry, type MulticallResult } from './client.js';
import type { XmlRpcValue } from './codec.js';
import { DroppedCallbacks } from './dropped-callbacks.js';

export interface GbxSessionOptions extends Omit<GbxClientOptions, 'callbacks'> {
  user: string;
  password: string;
  /** The API version passed to SetApiVersion (default '2023-03-25'). */
  apiVersion?: string;
  /** Reconnect backoff: first delay and cap, in ms (defaults 500 and 30000); each wait gets +-25 % jitter. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** How long a ModeScript call waits for its answering callback (default 10 s). */
  scriptTimeoutMs?: number;
  log?: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

export type SessionState = 'idle' | 'connected' | 'reconnecting' | 'closed';

export interface CallOptions {
  /** While reconnecting, wait for the connection instead of failing at once. */
  waitForConnection?: boolean;
}

const SCRIPT_CALLBACK = 'ManiaPlanet.ModeScriptCallbackArray';
/** Setup failures that retrying cannot fix: the owner has to change a setting or the server. */
const REFUSALS: ReadonlySet<string> = new Set(['PW_ERR_GBX_AUTH', 'PW_ERR_GBX_API_VERSION', 'PW_ERR_GBX_UNSUPPORTED_GAME']);

/**
 * A logged-in GbxRemote session that survives disconnects: it authenticates, sets the API version, enables
 * callbacks and script callbacks, and after a drop reconnects with backoff and runs the same setup again.
 */
export class GbxSession {
  private client?: GbxClient;
  private stateValue: SessionState = 'idle';
  private readonly callbacks = new Emitter<GbxCallback>();
  private readonly disconnected = new Emitter<string>();
  /** Each registration adds its listener to the list it is handed, so reconnect() can await them in turn. */
  private readonly reconnected = new Emitter<(() => unknown)[]>();
  private readonly waiters = new Set<{ resolve(): void; reject(error: Error): void }>();
  private reconnectTimer?: NodeJS.Timeout;
  private responseCounter = 0;
  /** Callbacks that could not be delivered, over every connection of this session. */
  readonly droppedCallbacks: DroppedCallbacks;
  private readonly options: GbxSessionOptions & { apiVersion: string; reconnectInitialMs: number; reconnectMaxMs: number; scriptTimeoutMs: number };

  constructor(options: GbxSessionOptions) {
    this.options = { apiVersion: '2023-03-25', reconnectInitialMs: 500, reconnectMaxMs: 30_000, scriptTimeoutMs: 10_000, ...options };
    this.droppedCallbacks = options.droppedCallbacks ?? new DroppedCallbacks(options.log);
  }

  get state(): SessionState {
    return this.stateValue;
  }

  /** Connects and logs in; throws PW_ERR_GBX_CONNECT or PW_ERR_GBX_AUTH with the fix. */
  async connect(): Promise<void> {
    await this.open();
    this.stateValue = 'connected';
  }

  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return this.callWith({}, method, ...params);
  }

  async callWith(options: CallOptions, method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return (await this.ready(method, options)).call(method, ...params);
  }

  async multicall(calls: readonly MulticallEntry[], options: CallOptions = {}): Promise<MulticallResult[]> {
    return (await this.ready('system.multicall', options)).multicall(calls);
  }

  /**
   * Triggers a ModeScript method and resolves with the JSON of the script callback that answers it (matched
   * by `responseid`, which is appended to `params`).
   */
  async scriptCall(event: string, params: string[] = [], answer?: string): Promise<unknown> {
    const responseid = `pitwall-${++this.responseCounter}`;
    const ms = this.options.scriptTimeoutMs;
    let listening: Disposable | undefined;
    let timer: NodeJS.Timeout | undefined;
    const answered = new Promise<unknown>((resolve, reject) => {
      timer = setTimeout(() => reject(new PitwallError('PW_ERR_GBX_SCRIPT_TIMEOUT', { event, ms })), ms);
      listening = this.onCallback((method, callbackParams) => {
        if (method !== SCRIPT_CALLBACK || (answer && callbackParams[0] !== answer)) return;
        const data = parseScriptData(callbackParams[1]);
        if ((data as { responseid?: unknown } | undefined)?.responseid === responseid) resolve(data);
      });
    });
    try {
      await this.call('TriggerModeScriptEventArray', event, [...params, responseid]);
      return await answered;
    } finally {
      clearTimeout(timer);
      void listening?.dispose();
    }
  }

  onCallback(listener: CallbackListener): Subscription {
    return toSubscription(this.callbacks.on((callback) => listener(callback.method, callback.params)));
  }

  onDisconnected(listener: (reason: string) => void): Subscription {
    return toSubscription(this.disconnected.on(listener));
  }

  /** Called after a reconnect has logged in again; a returned promise is awaited before waiting calls go on. */
  onReconnected(listener: () => unknown): Subscription {
    return toSubscription(this.reconnected.on((listeners) => listeners.push(listener)));
  }

  close(): void {
    this.stateValue = 'closed';
    clearTimeout(this.reconnectTimer);
    this.client?.close();
    for (const waiter of this.waiters) waiter.reject(new PitwallError('PW_ERR_GBX_DISCONNECTED', { method: 'a waiting call', state: 'closed' }));
    this.waiters.clear();
  }

  private async ready(method: string, options: CallOptions): Promise<GbxClient> {
    if (this.stateValue === 'connected' && this.client?.connected) return this.client;
    if (this.stateValue === 'reconnecting' && options.waitForConnection) {
      await new Promise<void>((resolve, reject) => this.waiters.add({ resolve, reject }));
      return this.ready(method, options);
    }
    throw new PitwallError('PW_ERR_GBX_DISCONNECTED', { method, state: this.stateValue === 'connected' ? 'reconnecting' : this.stateValue });
  }

  /** Connects a new client and runs the session setup; on failure the client is closed again. */
  private async open(): Promise<void> {
    const { host, port, user, password } = this.options;
    const client = new GbxClient({ ...this.options, droppedCallbacks: this.droppedCallbacks, callbacks: this.callbacks });
    try {
      await client.connect();
    } catch (error) {
      throw new PitwallError('PW_ERR_GBX_CONNECT', { host, port, reason: (error as Error).message }, { cause: error });
    }
    try {
      await client.call('Authenticate', user, password);
    } catch (error) {
      client.close();
      if (error instanceof GbxFault) throw new PitwallError('PW_ERR_GBX_AUTH', { user, host, port, reason: error.faultString }, { cause: error });
      throw new PitwallError('PW_ERR_GBX_CONNECT', { host, port, reason: (error as Error).message }, { cause: error });
    }
    try {
      await this.setUp(client);
    } catch (error) {
      // A connection whose setup failed is closed here: nothing else holds it.
      client.close();
      if (error instanceof PitwallError) throw error;
      throw new PitwallError('PW_ERR_GBX_SETUP', { host, port, reason: (error as Error).message }, { cause: error });
    }
    client.onClose((reason) => this.onClientClosed(client, reason));
    this.client = client;
  }

  /**
   * One round trip after the login: which game this is, the API version, callbacks and script callbacks.
   * A refused API version fails the setup (the callbacks Pitwall relies on depend on it); other faults
   * are logged.
   */
  private async setUp(client: GbxClient): Promise<void> {
    const { host, port, apiVersion } = this.options;
    const [version, setApiVersion, ...rest] = await client.multicall([
      ['GetVersion'],
      ['SetApiVersion', [apiVersion]],
      ['EnableCallbacks', [true]],
      ['TriggerModeScriptEventArray', ['XmlRpc.EnableCallbacks', ['true']]],
    ]);
    const game = version?.ok && version.value && typeof version.value === 'object' ? String((version.value as { Name?: unknown }).Name ?? '') : '';
    if (game === 'TmForever') throw new PitwallError('PW_ERR_GBX_UNSUPPORTED_GAME', { host, port, game });
    if (setApiVersion && !setApiVersion.ok) {
      throw new PitwallError('PW_ERR_GBX_API_VERSION', { host, port, version: apiVersion, reason: setApiVersion.fault.faultString });
    }
    for (const result of rest) if (!result.ok) this.options.log?.warn(`Session setup: ${result.fault.message}`);
    // WayPoint's checkpoint arrays stay empty unless asked for (Trackmania 2020; PyPlanet's core.trackmania app
    // asks the same); the records app keeps a finish's checkpoints. A mode without the event ignores it. Asked
    // again on every reconnect, as the setup runs again.
    try {
      await client.call('TriggerModeScriptEventArray', 'Trackmania.Event.SetCurRaceCheckpointsMode', ['always']);
    } catch (error) {
      this.options.log?.warn(`Session setup: ${(error as Error).message}`);
    }
  }

  private onClientClosed(client: GbxClient, reason: Error): void {
    if (this.client !== client || this.stateValue === 'closed') return;
    this.stateValue = 'reconnecting';
    this.options.log?.warn(`Lost the dedicated server connection (${reason.message}); reconnecting`);
    this.disconnected.emit(reason.message);
    this.scheduleReconnect(1);
  }

  private scheduleReconnect(attempt: number): void {
    const delay = backoffDelay(attempt, { initialMs: this.options.reconnectInitialMs, maxMs: this.options.reconnectMaxMs });
    this.reconnectTimer = setTimeout(() => void this.reconnect(attempt), delay);
  }

  private async reconnect(attempt: number): Promise<void> {
    if (this.stateValue !== 'reconnecting') return;
    try {
      await this.open();
    } catch (error) {
      if ((this.stateValue as SessionState) === 'closed') return;
      if (error instanceof PitwallError && REFUSALS.has(error.code)) {
        // Retrying a refused login or API version only floods the server's log: stop and say why.
        this.options.log?.error(`${error.message} Not reconnecting.`);
        this.close();
        return;
      }
      this.options.log?.warn(`Reconnect attempt ${attempt} failed: ${(error as Error).message.split('. Fix:')[0]}`);
      this.scheduleReconnect(attempt + 1);
      return;
    }
    if ((this.stateValue as SessionState) === 'closed') {
      this.client?.close();
      return;
    }
    this.stateValue = 'connected';
    this.options.log?.info('Reconnected to the dedicated server');
    const listeners: (() => unknown)[] = [];
    this.reconnected.emit(listeners);
    for (const listener of listeners) {
      try {
        await listener();
      } catch (error) {
        this.options.log?.error(`After reconnecting: ${(error as Error).message}`);
      }
    }
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }
}

/** ModeScript callbacks carry their data as a list with one JSON string. */
export function parseScriptData(data: XmlRpcValue | undefined): unknown {
  const text = Array.isArray(data) ? data[0] : data;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
