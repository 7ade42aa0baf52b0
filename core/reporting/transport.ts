import got from 'got';
import type { Dsn } from '../config/dsn.js';
import { envelopeHeaders } from './envelope.js';

export type TransportAnswer =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined> }
  | { kind: 'network-error'; reason: string };

/** POSTs one envelope to the DSN's envelope endpoint. Never throws: a failure is an answer too. */
export class EnvelopeTransport {
  constructor(
    readonly dsn: Dsn,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(envelope: string): Promise<TransportAnswer> {
    try {
      const response = await got.post(this.dsn.envelopeUrl, {
        body: envelope,
        headers: envelopeHeaders(this.dsn),
        timeout: { request: this.timeoutMs },
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
      });
      return { kind: 'response', status: response.statusCode, headers: response.headers };
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      return { kind: 'network-error', reason: code ?? message ?? String(error) };
    }
  }
}
