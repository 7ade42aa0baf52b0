import type { DependencyContainer } from 'tsyringe';
import { ReportDestinations } from './destinations.js';
import { ExceptionHandler } from './exception-handler.js';
import { ReportingOptions, ReportingSources } from './options.js';

/**
 * Registers the reporting pipeline in `container`, which must already hold Settings, Logger and Redactor:
 * the destinations and the exception handler are built by the container from their tokens. Nothing starts
 * until the caller starts it (startReporting).
 */
export function registerReporting(container: DependencyContainer, sources: ReportingSources, options: ReportingOptions = {}): void {
  container.register(ReportingOptions, { useValue: options });
  container.register(ReportingSources, { useValue: sources });
  container.registerSingleton(ReportDestinations);
  container.registerSingleton(ExceptionHandler);
}

/** Starts the destinations, then the handler; the returned stop flushes for at most `flushMs` first. */
export function startReporting(container: DependencyContainer): { handler: ExceptionHandler; stop(flushMs: number): Promise<void> } {
  const destinations = container.resolve(ReportDestinations);
  const handler = container.resolve(ExceptionHandler);
  destinations.start();
  handler.start();
  return {
    handler,
    async stop(flushMs) {
      handler.stop();
      await destinations.flush(flushMs);
      destinations.stop();
    },
  };
}
