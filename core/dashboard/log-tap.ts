import TransportStream from 'winston-transport';

export interface LogLine {
  time: string;
  level: string;
  label: string;
  message: string;
}

/**
 * A winston transport that hands each log entry to the dashboard. It sits behind the logger-wide scrubber,
 * so configured secrets are already masked and control characters escaped.
 */
export class LogTap extends TransportStream {
  constructor(private readonly onLine: (line: LogLine) => void) {
    super();
  }

  override log(info: Record<string, unknown>, next: () => void): void {
    const stack = typeof info.stack === 'string' ? `\n${info.stack}` : '';
    this.onLine({
      time: new Date().toISOString(),
      level: String(info.level),
      label: typeof info.label === 'string' ? info.label : 'core',
      message: `${String(info.message)}${stack}`,
    });
    next();
  }
}
