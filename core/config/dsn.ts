/**
 * A Sentry-protocol DSN: `https://<public key>@<host>[/<path>]/<project id>`. Sentry, GlitchTip and Bugsink
 * all hand these out; the envelope endpoint is `<host>[/<path>]/api/<project id>/envelope/`.
 */
export interface Dsn {
  /** The DSN as configured (a secret: redacted wherever it appears). */
  raw: string;
  publicKey: string;
  projectId: string;
  /** Where envelopes are POSTed. */
  envelopeUrl: string;
  /** Scheme and host, for log lines (no key). */
  origin: string;
}

/** Parses a DSN; returns a problem description instead of throwing, so settings can report it. */
export function parseDsn(raw: string): Dsn | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https:// (or http:// for a local receiver)';
  if (!url.username) return 'has no public key (the part before @)';
  const parts = url.pathname.split('/').filter(Boolean);
  const projectId = parts.pop();
  if (!projectId) return 'has no project id at the end of its path';
  const path = parts.length ? `/${parts.join('/')}` : '';
  return {
    raw,
    publicKey: decodeURIComponent(url.username),
    projectId,
    envelopeUrl: `${url.protocol}//${url.host}${path}/api/${projectId}/envelope/`,
    origin: `${url.protocol}//${url.host}`,
  };
}
