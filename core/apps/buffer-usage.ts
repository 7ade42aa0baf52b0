import type { Disposable } from '../disposables.js';
import type { FaultBoundary } from './fault-boundary.js';

export interface BufferUsage extends Disposable {
  /** Bytes of Buffers allocated since the last call, in total and per app (core's own not counted per app). */
  take(): { total: number; byApp: Map<string, number> };
}

type Allocator = (...args: never[]) => Buffer;
const ALLOCATORS = ['alloc', 'allocUnsafe', 'allocUnsafeSlow', 'from', 'concat'] as const;

/**
 * Counts the Buffer bytes each app allocates (by the app scope the allocation runs in), so a memory
 * warning about external memory can name the app that allocated most of it. Buffers live outside the JS
 * heap, where no heap snapshot would show who holds them.
 */
export function countBufferAllocations(boundary: FaultBoundary): BufferUsage {
  let total = 0;
  let byApp = new Map<string, number>();
  const installed = new Map<string, { original: Allocator; counted: Allocator }>();
  const statics = Buffer as unknown as Record<string, Allocator>;
  for (const name of ALLOCATORS) {
    const original = statics[name]!;
    const counted = function (this: unknown, ...args: never[]): Buffer {
      const buffer = original.apply(this, args);
      total += buffer.length;
      const app = boundary.scopeNow()?.app;
      if (app !== undefined && app !== 'core') byApp.set(app, (byApp.get(app) ?? 0) + buffer.length);
      return buffer;
    };
    statics[name] = counted;
    installed.set(name, { original, counted });
  }
  return {
    take() {
      const taken = { total, byApp };
      total = 0;
      byApp = new Map();
      return taken;
    },
    dispose() {
      // Only what is still ours: whoever wrapped it after us keeps their wrapper.
      for (const [name, { original, counted }] of installed) if (statics[name] === counted) statics[name] = original;
    },
  };
}
