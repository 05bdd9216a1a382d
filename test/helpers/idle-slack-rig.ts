import { afterAll, beforeAll, beforeEach } from 'vitest';
import { CliWiring } from '../../src/cli/wiring.js';
import { loadConfig } from '../../src/config/load.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import type { SlackDeps } from '../../src/slack/ports.js';
import { startSlackServer } from '../../src/slack/runtimes.js';
import type { InProcessSlowWork } from '../../src/slack/slow-work.js';
import { type IdleRig, useIdleRig } from './idle-rig.js';
import { signedHeaders } from './slack-requests.js';

/** The idle rig with a `slack:` section pointing at a fake Slack Web API (calls cleared per test). */
export interface IdleSlackRig {
  rig: IdleRig;
  /** The fake Slack API, started once for the file. */
  api(): FakeSlackApi;
  /** The bot (`slack serve`'s HTTP receiver) on the rig's store with the clock at `at`. */
  bot(at: string): Promise<IdleBot>;
}

export interface IdleBot {
  wiring: CliWiring;
  deps: SlackDeps;
  slow: InProcessSlowWork;
  /** POSTs `body` signed with `secret` (default: the rig's signing secret). */
  send(body: string, secret?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Registers an idle CLI test file whose sweeps warn in Slack: the cloud fakes (useIdleRig), a fake Slack
 * API, and the bot token and signing secret in the environment the config names.
 */
export function useIdleSlackRig(
  name: string,
  o: { token: string; secret: string; owners: Readonly<Record<string, string>> },
): IdleSlackRig {
  let api: FakeSlackApi | undefined;
  const started = () => {
    if (!api) throw new Error('the fake Slack API starts in beforeAll');
    return api;
  };
  const rig = useIdleRig(name, () => ({
    slack: {
      channel: 'C0IDLE',
      apiUrl: started().apiUrl,
      botToken: { env: 'COSTGUARD_TEST_SLACK_TOKEN' },
      signingSecret: { env: 'COSTGUARD_TEST_SLACK_SECRET' },
      owners: o.owners,
    },
  }));
  beforeAll(async () => {
    api = await startFakeSlackApi({});
    process.env.COSTGUARD_TEST_SLACK_TOKEN = o.token;
    process.env.COSTGUARD_TEST_SLACK_SECRET = o.secret;
  });
  afterAll(async () => {
    await api?.close();
  });
  beforeEach(() => {
    started().calls.length = 0;
  });
  const bot = async (at: string): Promise<IdleBot> => {
    const wiring = await CliWiring.open(loadConfig(rig.configFile), rig.db, { now: () => new Date(at) });
    const { deps, slow } = await wiring.slack(() => {});
    const server = await startSlackServer({
      deps,
      botToken: o.token,
      signingSecret: o.secret,
      slackApiUrl: started().apiUrl,
      port: 0,
    });
    return {
      wiring,
      deps,
      slow,
      send: (body, secret = o.secret) =>
        fetch(server.url, { method: 'POST', headers: signedHeaders(secret, body), body }),
      close: async () => {
        await server.stop();
        await wiring.close();
      },
    };
  };
  return { rig, api: started, bot };
}
