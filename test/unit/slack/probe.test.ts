import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeSlackApi,
  type FakeSlackWorld,
  startFakeSlackApi,
} from '../../../src/sim/fakes/slack-api.js';
import { SLACK_SCOPES, slackRefusal } from '../../../src/slack/probe.js';

const world: FakeSlackWorld = {};
let slack: FakeSlackApi;
beforeAll(async () => {
  slack = await startFakeSlackApi(world);
});
afterAll(() => slack.close());

const client = () =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });

describe('slackRefusal', () => {
  it('turns a missing_scope answer (needed, provided) into the scope to add', async () => {
    world.scopes = ['commands'];
    const e = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((x: unknown) => x);
    const out = slackRefusal(e, slack.apiUrl, 'environment variable SLACK_BOT_TOKEN');
    expect(out).toEqual({
      ok: false,
      detail: 'missing_scope: needs chat:write, the token has commands',
      fix:
        'add the Bot Token Scope chat:write at api.slack.com/apps -> OAuth & Permissions, reinstall the app, ' +
        'and put the new token in environment variable SLACK_BOT_TOKEN',
    });
  });

  it('a method the token may call is not refused', async () => {
    world.scopes = ['chat:write'];
    const res = await client().chat.postMessage({ channel: 'C1', text: 'x' });
    expect(res.ok).toBe(true);
    expect(res.response_metadata?.scopes).toEqual(['chat:write']);
  });
});

describe('SLACK_SCOPES', () => {
  it('lists every scope the slack manifest requests, and the manifest every scope listed', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const manifest = parse(readFileSync('slack-manifest.yml', 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(SLACK_SCOPES.map((s) => s.scope).sort());
  });
});
