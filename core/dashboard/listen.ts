import type { Server } from 'node:http';
import { PitwallError } from '../errors.js';

/** Listens on host:port; a port in use or needing privileges is a PW_ERR_DASHBOARD_PORT that says so. */
export async function listen(http: Server, host: string, port: number): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EACCES' ? 'the port needs privileges Pitwall does not have' : (error as Error).message;
    throw new PitwallError('PW_ERR_DASHBOARD_PORT', { host, port, reason }, { cause: error });
  }
}
