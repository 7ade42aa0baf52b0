import { AppCode } from '../core/reporting/app-code.js';
import { SourceMaps } from '../core/reporting/source-maps.js';
import { nestedError } from './reporting.js';
import { middle } from './stats.js';

export interface SourceMapFigures {
  /** One report's frames with a cold cache: every file's map read and parsed. */
  coldMs: number;
  /** The same with the maps cached: what every later error of those files pays. */
  cachedMs: number;
  /** The frames without source maps, the baseline. */
  baselineMs: number;
  files: number;
}

/** The cost source maps add to the frames of one report (a stack through the bench, core and node files). */
export function benchSourceMaps(rounds: number): SourceMapFigures {
  const stack = nestedError().stack!;
  const time = (fn: () => unknown): number => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const cold: number[] = [];
  const cached: number[] = [];
  const baseline: number[] = [];
  const plain = new AppCode(() => [], undefined, null);
  for (let round = 0; round < Math.max(5, Math.floor(rounds / 100)); round++) cold.push(time(() => new AppCode(() => [], undefined, new SourceMaps()).frames(stack)));
  const warm = new AppCode(() => [], undefined, new SourceMaps());
  warm.frames(stack);
  for (let round = 0; round < rounds; round++) {
    cached.push(time(() => warm.frames(stack)));
    baseline.push(time(() => plain.frames(stack)));
  }
  const files = new Set(stack.split('\n').filter((line) => line.includes('file://') && line.includes('.js:'))).size;
  return { coldMs: middle(cold), cachedMs: middle(cached), baselineMs: middle(baseline), files };
}
