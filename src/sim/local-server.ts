import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { localhostTls } from './localhost-tls.js';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** PEM of the certificate an HTTPS server presents (trust it as the CA in clients under test). */
  cert?: string;
  close(): Promise<void>;
}

/**
 * Starts a local endpoint on 127.0.0.1 and a free port. With `https: true` it presents a self-signed
 * localhost certificate made in this process (Azure Resource Manager clients insist on https). The
 * handler gets the whole request body; an exception becomes a 500 so a broken fake fails the test loudly.
 */
export async function startLocalServer(
  handler: Handler,
  opts: { https?: boolean } = {},
): Promise<LocalServer> {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve()
        .then(() => handler(req, Buffer.concat(chunks), res))
        .catch((e: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake endpoint failed: ${e instanceof Error ? e.message : String(e)}`);
        });
    });
  };
  const tls = opts.https ? await localhostTls() : undefined;
  const server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    ...(tls ? { cert: tls.cert } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
