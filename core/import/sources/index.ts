import type { ImportSource } from '../source.js';
import { minicontrolSource } from './minicontrol.js';
import { pyplanetSource } from './pyplanet.js';
import { uasecoSource } from './uaseco.js';
import { xasecoSource } from './xaseco.js';

/** The controllers `pitwall import` reads, by the name on its command line. */
export const IMPORT_SOURCES: ReadonlyMap<string, ImportSource> = new Map([minicontrolSource, pyplanetSource, uasecoSource, xasecoSource].map((source) => [source.id, source]));
