import { z } from 'zod';
import type { IamGrant } from '../src/core/permissions.js';
import { configuredFleets, FLEET_PERMISSIONS } from '../src/fleet/registry.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { fleetGrants, logGrant, parameterGrant } from '../src/lambda/grants.js';
import { type Logger, lambdaLogger } from '../src/lambda/logger.js';
import { dynamoSlackDeps } from '../src/lambda/slack-wiring.js';
import type { SlackJob } from '../src/lambda/slow-work.js';
import { coldStart } from '../src/lambda/wiring.js';
import { runJob } from '../src/slack/cost-command.js';
import type { SlackDeps } from '../src/slack/ports.js';
import { COST_STORE_READ, IDLE_AUDIT_LOG } from '../src/store/dynamodb/permissions.js';

export interface SlackWorkerDeps {
  /** The bot's ports with the real idle guard (the fleet adapters tag the instance). */
  deps: SlackDeps;
  log: Logger;
  fetchFn?: typeof fetch;
}

const responseUrl = z.url({ protocol: /^https?$/ });
/** The jobs the slack function hands off (src/slack/ports.ts SlackJob), checked at the boundary. */
const job = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cost'),
    text: z.string(),
    userId: z.string(),
    channelId: z.string(),
    responseUrl,
  }),
  z.strictObject({
    kind: z.literal('idle-answer'),
    choice: z.enum(['snooze', 'keep-until-tomorrow', 'exempt', 'tag']),
    instanceKey: z.string().min(1),
    until: z.iso.datetime().optional(),
    names: z.strictObject({ model: z.string(), stage: z.string() }).optional(),
    by: z.string().min(1),
    // The Tag answer comes from a form, which has no response_url.
    responseUrl: responseUrl.or(z.literal('')),
  }),
]);

export function makeHandler(load: () => Promise<SlackWorkerDeps>) {
  return async (event: unknown) => {
    const parsed = job.safeParse(event);
    if (!parsed.success)
      throw new UnsupportedEventError('slackWorker', 'anything but a job from the slack function');
    const d = await load();
    const j: SlackJob = parsed.data;
    await runJob(j, d.deps, d.fetchFn);
    d.log.info('slack job done', { kind: j.kind });
    return { done: true, kind: j.kind };
  };
}

export const grants: readonly IamGrant[] = [
  logGrant('slackWorker'),
  parameterGrant('config'),
  // `/cost` reads facts, anomalies, budget state, sources and the idle audit log.
  ...COST_STORE_READ,
  { actions: ['dynamodb:GetItem', 'dynamodb:Query'], resource: { kind: 'table' } },
  // An idle answer tags the instance through the AWS fleet adapter and is audited.
  ...IDLE_AUDIT_LOG,
  ...fleetGrants(FLEET_PERMISSIONS.aws ?? []),
];

export const handler = makeHandler(async () => {
  const c = coldStart();
  const config = await c.config();
  return {
    deps: dynamoSlackDeps({ config, table: c.table, clock: c.clock, fleets: configuredFleets(config.idle) }),
    log: lambdaLogger('slackWorker'),
  };
});
