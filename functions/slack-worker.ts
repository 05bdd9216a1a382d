import { z } from 'zod';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { type IamGrant, logGrant } from '../src/lambda/grants.js';
import { jsonLogger, type Logger } from '../src/lambda/logger.js';
import type { CostJob } from '../src/lambda/slow-work.js';

/** Answers a `/cost` job (the Slack issue's cost grammar and Block Kit replies). */
export interface CostJobRunner {
  run(job: CostJob): Promise<void>;
}

export interface SlackWorkerDeps {
  runner: CostJobRunner | undefined;
  /** POSTs a message to a Slack response_url. */
  respond: (url: string, message: { response_type: 'ephemeral'; text: string }) => Promise<void>;
  log: Logger;
}

const job = z.strictObject({
  kind: z.literal('cost'),
  text: z.string(),
  userId: z.string(),
  channelId: z.string(),
  responseUrl: z.url({ protocol: /^https?$/ }),
});

export function makeHandler(load: () => Promise<SlackWorkerDeps>) {
  return async (event: unknown) => {
    const parsed = job.safeParse(event);
    if (!parsed.success)
      throw new UnsupportedEventError('slackWorker', 'anything but a CostJob from the slack function');
    const d = await load();
    if (!d.runner) {
      // Tell the person who asked rather than leave them waiting on "Working on…".
      await d.respond(parsed.data.responseUrl, {
        response_type: 'ephemeral',
        text: 'costguard: `/cost` is not available in this deployment yet.',
      });
      d.log.warn('cost job answered as not available: no runner is wired in this build');
      return { done: false, reason: 'NOT_WIRED' };
    }
    await d.runner.run(parsed.data);
    return { done: true };
  };
}

export const grants: readonly IamGrant[] = [logGrant('slackWorker')];

export async function postResponse(url: string, message: unknown): Promise<void> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  if (!r.ok) throw new Error(`Slack response_url answered HTTP ${r.status}`);
}

export const handler = makeHandler(async () => ({
  runner: undefined,
  respond: postResponse,
  log: jsonLogger('slackWorker'),
}));
