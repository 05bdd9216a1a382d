import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { signedHeaders, slashBody } from '../helpers/slack-requests.js';
import { openWorld, YESTERDAY } from '../helpers/slack-world.js';

let api: FakeSlackApi;
let db: string;
let config: string;
const TOKEN = 'xoxb-cli-secret-token';

beforeAll(async () => {
  api = await startFakeSlackApi();
  const world = await openWorld();
  db = world.path;
  await world.close();
  config = join(dirname(db), 'costguard.config.yaml');
  writeFileSync(
    config,
    [
      'budgets:',
      '  - name: everything',
      '    amount: 400000',
      'slack:',
      '  channel: C0COSTS',
      '  botToken: { env: COSTGUARD_TEST_BOT_TOKEN }',
      `  apiUrl: ${api.apiUrl}`,
    ].join('\n'),
  );
});
afterAll(async () => {
  await api.close();
});

// spawnSync would block the fake API's event loop in this process: run the CLI asynchronously.
function costguard(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, ['bin/costguard.js', ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('costguard rollup', () => {
  it('prints the rollup as JSON without posting', async () => {
    const r = await costguard([
      'rollup',
      '--db',
      db,
      '--config',
      config,
      '--date',
      YESTERDAY,
      '--format',
      'json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.day).toBe(YESTERDAY);
    expect(json.models).toHaveLength(21);
    expect(json.models[0].model).toBe('llama3-70b');
    expect(json.message.blocks.length).toBeLessThanOrEqual(50);
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('posts with --post using the token from the environment, never printing it', async () => {
    const r = await costguard(
      ['rollup', '--db', db, '--config', config, '--date', YESTERDAY, '--post', '--format', 'json'],
      {
        COSTGUARD_TEST_BOT_TOKEN: TOKEN,
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).posted.channel).toBe('C0COSTS');
    expect(api.callsTo('chat.postMessage')[0]?.token).toBe(TOKEN);
    expect(api.callsTo('upload')).toHaveLength(1);
    expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('says how to fix a missing token and a bad flag (both exit 2: setup, not a failed run)', async () => {
    const r = await costguard(['rollup', '--db', db, '--config', config, '--post']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('export COSTGUARD_TEST_BOT_TOKEN');
    const bad = await costguard(['rollup', '--db', db, '--config', config, '--format', 'xml']);
    expect(bad.code).toBe(2);
  });
});

describe('costguard slack serve', () => {
  it('serves signed /cost requests over HTTP and refuses unsigned ones', async () => {
    const secret = 'serve-signing-secret';
    const p = spawn(
      process.execPath,
      ['bin/costguard.js', 'slack', 'serve', '--db', db, '--config', config, '--port', '0'],
      {
        env: { ...process.env, COSTGUARD_TEST_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: secret },
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        p.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        p.on('close', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const body = slashBody('help', api.responseUrl('serve'));
      expect((await fetch(url, { method: 'POST', headers: signedHeaders('nope', body), body })).status).toBe(
        401,
      );
      expect((await fetch(url, { method: 'POST', headers: signedHeaders(secret, body), body })).status).toBe(
        200,
      );
      const answers = await api.waitFor('response_url');
      expect(JSON.stringify(answers.find((c) => c.args.path === '/response/serve')?.args)).toContain(
        'cost top [N]',
      );
    } finally {
      p.kill('SIGTERM');
    }
  });
});
