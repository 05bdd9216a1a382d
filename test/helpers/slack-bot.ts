import { afterAll, afterEach, beforeAll } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { makeSlackLambdaHandler, startSlackServer } from '../../src/slack/runtimes.js';
import { signedHeaders } from './slack-requests.js';
import { openWorld, type SlackWorld } from './slack-world.js';

/** The fake Slack Web API the bot tests talk to; alice is found by her email (users.lookupByEmail). */
export const startSlackApi = (): Promise<FakeSlackApi> =>
  startFakeSlackApi({ users: { 'alice@example.com': 'U0ALICE' } });

export type SlackLambda = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

/** The bot on Bolt's AwsLambdaReceiver over `world`'s ports, calling `api`. */
export async function slackLambda(
  world: SlackWorld,
  api: FakeSlackApi,
  signingSecret: string,
  botToken: string,
): Promise<SlackLambda> {
  return (await makeSlackLambdaHandler({
    deps: world.deps,
    botToken,
    signingSecret,
    slackApiUrl: api.apiUrl,
  })) as SlackLambda;
}

/** A test file's bot on Bolt's HTTPReceiver; `api`, `world` and `url` are set once `beforeAll` ran. */
export interface SlackHttpBot {
  api: FakeSlackApi;
  world: SlackWorld;
  url: string;
  post(body: string, headers: Record<string, string>): Promise<Response>;
  /** Posts `body` signed with the bot's signing secret, as Slack would. */
  signedPost(body: string): Promise<Response>;
}

/**
 * Starts, for the calling test file, the fake Slack API, a world (see openWorld) and the bot on a real
 * HTTP port; after each test the slow work is drained, so no answer spills into the next test.
 */
export function useSlackHttpBot(o: { secret: string; token: string; delayMs?: number }): SlackHttpBot {
  let stop = async () => {};
  const bot = {
    post: (body: string, headers: Record<string, string>) =>
      fetch(bot.url, { method: 'POST', headers, body }),
    signedPost: (body: string) => bot.post(body, signedHeaders(o.secret, body)),
  } as SlackHttpBot;
  beforeAll(async () => {
    bot.api = await startSlackApi();
    bot.world = await openWorld(o.delayMs === undefined ? {} : { delayMs: o.delayMs });
    const server = await startSlackServer({
      deps: bot.world.deps,
      botToken: o.token,
      signingSecret: o.secret,
      slackApiUrl: bot.api.apiUrl,
      port: 0,
    });
    bot.url = server.url;
    stop = () => server.stop();
  });
  afterAll(async () => {
    await stop();
    await bot.world.close();
    await bot.api.close();
  });
  afterEach(async () => {
    await bot.world.slow.drain();
  });
  return bot;
}
