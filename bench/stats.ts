/** Runs `fn` `rounds` times and returns the median of what it returns (e.g. operations per second). */
export async function median(rounds: number, fn: () => Promise<number> | number): Promise<number> {
  const results: number[] = [];
  for (let round = 0; round < rounds; round++) results.push(await fn());
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)]!;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** The median of values already measured. */
export function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
