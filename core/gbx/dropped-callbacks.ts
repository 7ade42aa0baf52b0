/**
 * Callbacks the client received but could not deliver (undecodable, or over the size limit). Each kind is
 * logged once, with the method name or the first bytes and the reason, and every one is counted: a server
 * that keeps sending one broken callback must neither flood the log nor go unnoticed.
 */
export class DroppedCallbacks {
  private readonly counts = new Map<string, number>();

  constructor(private readonly log?: { warn(message: string): void }) {}

  /** Counts a dropped callback; `body` is its raw text (or the start of it) to name it by. */
  record(body: string, reason: string): void {
    const kind = callbackKind(body);
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count === 1) this.log?.warn(`Dropped a GBX callback ${kind}: ${reason}. Further ones of this kind are only counted.`);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  /** Counts by kind: the method name, or `starting "<first bytes>"` when there is none. */
  byKind(): ReadonlyMap<string, number> {
    return this.counts;
  }
}

const METHOD_NAME = /<methodName>\s*(?:<!\[CDATA\[)?([^<\]\s]{1,100})/;

function callbackKind(body: string): string {
  const method = METHOD_NAME.exec(body.slice(0, 4096))?.[1];
  return method ?? `starting ${JSON.stringify(body.slice(0, 40))}`;
}
