import type { ServerResponse } from 'node:http';

/** A bounded list of the newest entries, oldest first. */
export class Recent<T> {
  private readonly entries: T[] = [];

  constructor(private readonly limit: number) {}

  push(entry: T): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): T[] {
    return [...this.entries];
  }
}

/**
 * The server-sent event streams of open dashboard pages. Each event is a name and a JSON body; a comment
 * line every 15 s keeps proxies and the browser from closing an idle stream.
 */
export class LiveStreams {
  private readonly clients = new Set<ServerResponse>();
  private readonly owners = new Map<ServerResponse, object>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => {
      for (const client of this.clients) if (!client.writableEnded) client.write(': keep-alive\n\n');
    }, 15_000);
    this.keepAlive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /**
   * Turns `response` into an event stream of `owner` (a session); `first` are sent to it alone, before any
   * broadcast.
   */
  open(response: ServerResponse, owner: object, first: ReadonlyArray<{ event: string; data: unknown }>): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    for (const { event, data } of first) response.write(frame(event, data));
    this.clients.add(response);
    this.owners.set(response, owner);
    // A page closed mid-write is not an error of the controller.
    response.on('error', () => this.drop(response));
    response.on('close', () => {
      this.clients.delete(response);
      this.owners.delete(response);
    });
  }

  /** Ends the streams of `owner` (a session that ended: its page must not go on receiving). */
  closeFor(owner: object): void {
    for (const [client, of] of this.owners) if (of === owner) this.drop(client);
  }

  private drop(client: ServerResponse): void {
    this.clients.delete(client);
    this.owners.delete(client);
    client.end();
  }

  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const text = frame(event, data);
    for (const client of this.clients) if (!client.writableEnded) client.write(text);
  }

  /** Ends every stream, the keep-alive going on for new ones (every session ended). */
  closeAll(): void {
    for (const client of [...this.clients]) this.drop(client);
  }

  /** Ends every stream (at shutdown). */
  close(): void {
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.owners.clear();
  }
}

/** JSON has no raw newlines, so one `data:` line carries the whole body. */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
