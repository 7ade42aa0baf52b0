import { readFileSync } from 'node:fs';

/** The controller's version, from package.json (dist/core/version.js -> ../../package.json). */
export const PITWALL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
