import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../src/sim/local-server.js';

describe('startLocalServer', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('serves https with a certificate made at run time, which a client can trust as its CA', async () => {
    server = await startLocalServer(
      (req, body, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, got: body.toString() }));
      },
      { https: true },
    );
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const reply = await new Promise<string>((resolve, reject) => {
      const r = request(`${server?.url}/x`, { method: 'POST', ca: server?.cert }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve(s));
      });
      r.on('error', reject);
      r.end('ping');
    });
    expect(JSON.parse(reply)).toEqual({ method: 'POST', got: 'ping' });
  });

  it('makes the certificate in this process, for localhost and 127.0.0.1; no private key is in the sources', async () => {
    // Act: two https endpoints
    server = await startLocalServer((_req, _body, res) => void res.end('ok'), { https: true });
    const other = await startLocalServer((_req, _body, res) => void res.end('ok'), { https: true });
    await other.close();
    // Assess: one certificate per process, a client that does not trust it is refused
    expect(other.cert).toBe(server.cert);
    const x = new X509Certificate(server.cert ?? '');
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x.checkHost('localhost')).toBe('localhost');
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
    const root = join(import.meta.dirname, '..', '..', '..', 'src');
    const pem = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) expect(readFileSync(join(f.parentPath, f.name), 'utf8'), f.name).not.toContain(pem);
    }
  });

  it('turns a handler exception into a 500', async () => {
    server = await startLocalServer(() => {
      throw new Error('boom');
    });
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('boom');
  });
});
