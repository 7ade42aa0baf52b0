import { VALUE_RULES } from '../core/reporting/redact.js';
import { parseStack } from '../core/reporting/stack.js';
import { ADVERSARIAL_STACK_UNITS, ADVERSARIAL_UNITS, bestTime, linesOf, plainScan, repeatTo } from '../test/fixtures/adversarial-text.js';

export interface RuleCost {
  name: string;
  /** The adversarial unit that cost the most. */
  worst: string;
  /** Its time at the full size as a multiple of a plain scan of the same input. */
  ratio: number;
  /** Its time at the full size over its time at a quarter of it: 4 when linear, 16 when quadratic. */
  growth: number;
}

function cost(name: string, fn: (input: string) => unknown, inputs: { label: string; make: (size: number) => string }[], size: number): RuleCost {
  let worst: RuleCost = { name, worst: '', ratio: 0, growth: 0 };
  for (const { label, make } of inputs) {
    const full = make(size);
    const time = bestTime(3, fn, full);
    const ratio = time / bestTime(3, plainScan, full);
    if (ratio > worst.ratio) worst = { name, worst: label, ratio, growth: time / bestTime(3, fn, make(size / 4)) };
  }
  return worst;
}

/** Each redaction rule and parseStack on its worst adversarial input of `size` characters. */
export function benchRedactionRules(size: number): RuleCost[] {
  const results = VALUE_RULES.map((rule) =>
    cost(rule.name, rule.apply, (ADVERSARIAL_UNITS[rule.name] ?? []).map((unit) => ({ label: JSON.stringify(unit.length > 24 ? `${unit.slice(0, 24)}…` : unit), make: (n: number) => repeatTo(unit, n) })), size),
  );
  const stackInputs = ADVERSARIAL_STACK_UNITS.flatMap((unit) => [
    { label: `${JSON.stringify(unit)} in one line`, make: (n: number) => repeatTo(unit, n) },
    { label: `${JSON.stringify(unit)} in 8 KB lines`, make: (n: number) => linesOf(unit, 8 * 1024, n) },
  ]);
  results.push(cost('parseStack', parseStack, stackInputs, size));
  return results;
}
