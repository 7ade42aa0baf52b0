import type { DependencyContainer } from 'tsyringe';
import { ReportDestinations } from './destinations.js';
import { ExceptionHandler } from './exception-handler.js';
import { ReportingOptions, ReportingSources } from './options.js';
import { SeenPeople } from './seen-people.js';
import { ServerEvents } from '../server/events.js';
import type { Disposable } from '../disposables.js';

/**
 * Registers the reporting pipeline in `container`, which must already hold Settings, Logger and Redactor:
 * the destinations and the exception handler are built by the container from their tokens. Nothing starts
 * until the caller starts it (startReporting).
 */
export function registerReporting(container: DependencyContainer, sources: ReportingSources, options: ReportingOptions = {}): void {
  container.register(ReportingOptions, { useValue: options });
  container.register(ReportingSources, { useValue: sources });
  container.registerSingleton(SeenPeople);
  container.registerSingleton(ReportDestinations);
  container.registerSingleton(ExceptionHandler);
}

/**
 * Starts the destinations, then the handler; the returned stop flushes for at most `flushMs` first. The
 * players seen are recorded from the server events hub: at once when it is registered already, else once
 * `container` first hands it out (reporting starts first, to catch errors from the start).
 */
export function startReporting(container: DependencyContainer): { handler: ExceptionHandler; stop(flushMs: number): Promise<void> } {
  const destinations = container.resolve(ReportDestinations);
  const handler = container.resolve(ExceptionHandler);
  const seen = container.resolve(SeenPeople);
  let following: Disposable | undefined;
  let stopped = false;
  const follow = (events: ServerEvents): void => {
    if (!stopped && !following && seen.enabled) following = seen.follow(events);
  };
  if (container.isRegistered(ServerEvents, true)) follow(container.resolve<ServerEvents>(ServerEvents));
  else container.afterResolution<ServerEvents>(ServerEvents, (_token, events) => follow(Array.isArray(events) ? events[0]! : events), { frequency: 'Once' });
  destinations.start();
  handler.start();
  return {
    handler,
    async stop(flushMs) {
      stopped = true;
      following?.dispose();
      handler.stop();
      await destinations.flush(flushMs);
      destinations.stop();
    },
  };
}
