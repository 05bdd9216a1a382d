import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../src/sim/local-server.js';

describe('startLocalServer', () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it('serves https with the shipped certificate, which a client can trust as its CA', async () => {
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

  it('turns a handler exception into a 500', async () => {
    server = await startLocalServer(() => {
      throw new Error('boom');
    });
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('boom');
  });
});
