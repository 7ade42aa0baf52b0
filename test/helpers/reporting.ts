import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { Settings } from '../../core/config/schema.js';
import { Logger } from '../../core/logging/logger.js';
import { registerReporting, startReporting } from '../../core/reporting/compose.js';
import { ReportDestinations } from '../../core/reporting/destinations.js';
import type { ExceptionHandler } from '../../core/reporting/exception-handler.js';
import type { ReportingOptions } from '../../core/reporting/options.js';
import { Redactor } from '../../core/reporting/redact.js';

export interface StartedReporting {
  handler: ExceptionHandler;
  destinations: ReportDestinations;
  stop(flushMs?: number): Promise<void>;
}

/** The reporting pipeline alone, composed as the runtime composes it, with no server and no apps. */
export function startReportingAlone(settings: Settings, logger: Logger, options: ReportingOptions = {}, redactor = new Redactor()): StartedReporting {
  const container = rootContainer.createChildContainer();
  container.register(Settings, { useValue: settings });
  container.register(Logger, { useValue: logger });
  container.register(Redactor, { useValue: redactor });
  registerReporting(container, { server: () => undefined, apps: () => undefined }, options);
  const started = startReporting(container);
  return { handler: started.handler, destinations: container.resolve(ReportDestinations), stop: (flushMs = 0) => started.stop(flushMs) };
}
