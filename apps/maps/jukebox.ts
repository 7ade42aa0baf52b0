/** A map of the server's selection, as the maps app shows and queues it. */
export interface ServerMap {
  uid: string;
  name: string;
  fileName: string;
  author: string;
  /** The environment as the server names it (Stadium on Trackmania 2020); '' when it does not say. */
  environment: string;
}

export interface JukeboxEntry {
  map: ServerMap;
  login: string;
  nickName: string;
}

/** Why a map could not be queued, for the player's answer. */
export type QueueRefusal = 'already-queued' | 'limit';

/** The maps players asked for, played in the order asked; each player may have `perPlayer` waiting. */
export class Jukebox {
  private readonly queue: JukeboxEntry[] = [];

  constructor(private readonly perPlayer: () => number) {}

  get entries(): readonly JukeboxEntry[] {
    return this.queue;
  }

  get next(): JukeboxEntry | undefined {
    return this.queue[0];
  }

  add(entry: JukeboxEntry): QueueRefusal | undefined {
    if (this.queue.some((queued) => queued.map.uid === entry.map.uid)) return 'already-queued';
    if (this.countOf(entry.login) >= this.perPlayer()) return 'limit';
    this.queue.push(entry);
    return undefined;
  }

  /** Puts back an entry of an earlier run, as it was (the per-player limit may have changed since). */
  restore(entry: JukeboxEntry): void {
    if (!this.queue.some((queued) => queued.map.uid === entry.map.uid)) this.queue.push(entry);
  }

  countOf(login: string): number {
    return this.queue.filter((entry) => entry.login === login).length;
  }

  /** Empties the queue; returns how many entries it held. */
  clear(): number {
    return this.queue.splice(0).length;
  }

  /** Drops the player's most recent entry. */
  drop(login: string): JukeboxEntry | undefined {
    const index = this.queue.findLastIndex((entry) => entry.login === login);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  /** Drops every entry of a map (it left the server's selection). */
  dropMap(uid: string): JukeboxEntry[] {
    const dropped = this.queue.filter((entry) => entry.map.uid === uid);
    for (const entry of dropped) this.queue.splice(this.queue.indexOf(entry), 1);
    return dropped;
  }

  /** The head of the queue began: it leaves the queue. */
  began(uid: string): JukeboxEntry | undefined {
    return this.queue[0]?.map.uid === uid ? this.queue.shift() : undefined;
  }
}
