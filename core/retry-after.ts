/**
 * How long a `Retry-After` header asks to wait, in ms from `now`: the header is either delta-seconds ("120") or
 * an HTTP-date ("Fri, 31 Dec 1999 23:59:59 GMT"), RFC 9110 section 10.2.3. A time already past is 0. Undefined
 * when the header is missing or is neither form, so each caller keeps its own default.
 */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
