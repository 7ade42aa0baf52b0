/**
 * Checkpoint strings as XAseco, UASECO and MINIcontrol store them: cumulative race times in ms joined by `,`
 * (MINIcontrol ends a lap with `;`). Pitwall keeps the finish as the last checkpoint, so it is appended when the
 * source left it out.
 */
export type ParsedCheckpoints = { readonly ok: true; readonly ms: number[] } | { readonly ok: false; readonly reason: string };

export function parseCheckpoints(text: unknown, timeMs: number): ParsedCheckpoints {
  const raw = typeof text === 'string' ? text.trim() : '';
  if (raw === '') return { ok: true, ms: [timeMs] };
  const parts = raw.split(/[,;]/).filter((part) => part.trim() !== '');
  const ms: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part.trim())) return { ok: false, reason: `checkpoint "${part}" in "${raw}" is not a time in ms` };
    const value = Number(part.trim());
    if (ms.length > 0 && value < ms[ms.length - 1]!) return { ok: false, reason: `checkpoints "${raw}" go backwards` };
    ms.push(value);
  }
  if (ms[ms.length - 1]! > timeMs) return { ok: false, reason: `checkpoints "${raw}" run past the finish time ${timeMs}` };
  if (ms[ms.length - 1] !== timeMs) ms.push(timeMs);
  return { ok: true, ms };
}

/** A DATETIME as the source returns it (a Date from mysql2, text from SQLite); MySQL's zero date means "never". */
export function sourceDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || value.startsWith('0000')) return undefined;
  // MySQL text has no zone (read as UTC); Sequelize on SQLite writes `2024-03-01 10:00:00.000 +00:00`.
  const parts = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?) ?(Z|[+-]\d\d:\d\d)?$/.exec(value);
  const date = new Date(parts ? `${parts[1]}T${parts[2]}${parts[3] ?? 'Z'}` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The sign of a karma score: Pitwall keeps likes and dislikes, a neutral vote has nothing to carry over. */
export function karmaSign(score: unknown): 1 | -1 | undefined {
  const value = Number(score);
  return value > 0 ? 1 : value < 0 ? -1 : undefined;
}
