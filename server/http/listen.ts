// Listening: one helper for the primary (app.ts) and a fan-out node (fanout/node.ts).
import type { Server as HttpServer } from 'node:http';

/** Starts `http` on `port` (0: any free one) and `host`; resolves with the port it got, rejects if it cannot. */
export function listenOn(http: HttpServer, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      const address = http.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
