import TransportStream from 'winston-transport';

export interface LogEntry {
  level: string;
  message: string;
  label?: string;
}

/** In-memory winston transport for asserting on log lines. */
export class MemoryTransport extends TransportStream {
  constructor(private readonly entries: LogEntry[]) {
    super();
  }

  override log(info: Record<string, unknown>, next: () => void): void {
    this.entries.push({ level: String(info.level), message: String(info.message), label: info.label as string | undefined });
    next();
  }
}
