/** Test helpers: the public harness (core/testing.ts) plus what only Pitwall's own tests need. */
import type { AppDefinition } from '../../core/apps/define.js';

export * from '../../core/testing.js';

/** A minimal valid app, with overrides. */
export function testApp(id: string, overrides: Partial<AppDefinition> = {}): AppDefinition {
  return { id, version: '1.0.0', init() {}, ...overrides };
}
