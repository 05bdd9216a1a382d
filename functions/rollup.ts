import { z } from 'zod';
import { yesterday } from '../src/core/day.js';
import type { IamGrant } from '../src/core/permissions.js';
import type { Clock } from '../src/core/ports.js';
import type { PublishedPage } from '../src/core/report-page/ports.js';
import { directPayload, isScheduled, payloadDay } from '../src/lambda/events.js';
import { invokeGrant, logGrant, pageBucketGrant, parameterGrant } from '../src/lambda/grants.js';
import { type Logger, lambdaLogger } from '../src/lambda/logger.js';
import { rollupPage } from '../src/lambda/page-wiring.js';
import { dynamoSlackDeps, slackClient } from '../src/lambda/slack-wiring.js';
import { coldStart } from '../src/lambda/wiring.js';
import { notifierOf } from '../src/notify/targets.js';
import type { RollupView } from '../src/slack/blocks/rollup-blocks.js';
import { loadRollupView } from '../src/slack/data.js';
import type { SlackDeps } from '../src/slack/ports.js';
import type { WebClient } from '../src/slack/post.js';
import { type PageLink, postRollup } from '../src/slack/rollup.js';
import { resolveSecret } from '../src/slack/secrets.js';
import { COST_STORE_READ } from '../src/store/dynamodb/permissions.js';

/**
 * Posts the daily rollup of `day` (spend per model and stage, anomalies, budgets, idle actions) to
 * Slack (src/slack/rollup.ts: Block Kit, chart); this function only decides the day and calls it.
 */
export interface RollupPoster {
  post(day: string): Promise<{ posted: boolean; detail?: string; pageUrl?: string }>;
}

export interface RollupDeps {
  rollup: RollupPoster | undefined;
  /** The rollup also to the config's Teams and webhook targets (notify.targets), if any. */
  notify?: (day: string) => Promise<void>;
  clock: Clock;
  log: Logger;
}

const direct = z.strictObject({ day: payloadDay.optional() });

export function makeHandler(load: () => Promise<RollupDeps>) {
  return async (event: unknown) => {
    let day: string | undefined;
    if (!isScheduled(event)) {
      day = directPayload('rollup', direct, event).day;
    }
    const d = await load();
    // The rollup reports the last complete day: yesterday (UTC) at the configured hour.
    day ??= yesterday(d.clock.now());
    if (d.notify) {
      // Teams or a webhook down must not keep the rollup from Slack: logged, not thrown.
      await d
        .notify(day)
        .catch((e: unknown) => d.log.error('notify failed', { day, error: (e as Error).message }));
    }
    if (!d.rollup) {
      if (d.notify) return { day, posted: false, reason: 'NO_SLACK', notified: true };
      d.log.warn('rollup not posted: the config has no `slack:` section', { day });
      return { day, posted: false, reason: 'NO_SLACK' };
    }
    const r = await d.rollup.post(day);
    d.log.info('rollup', { day, ...r });
    return { day, ...r };
  };
}

/**
 * The Slack rollup (src/slack/rollup.ts) of a day, posted with `client`; with `page`, the day's report
 * page is published first and linked. A page that cannot be published does not stop the rollup: the
 * message says so and the log has the reason.
 */
export function slackRollup(
  client: WebClient,
  deps: SlackDeps,
  page?: (day: string) => Promise<PublishedPage>,
  log?: Logger,
  /** The day's view, read once when the notifier reads it too. */
  views?: (day: string) => Promise<RollupView>,
): RollupPoster {
  return {
    async post(day) {
      let link: PageLink | undefined;
      if (page) {
        try {
          link = await page(day);
        } catch (e) {
          const error = (e as Error).message || String(e);
          log?.warn('report page not published', { day, error });
          link = { error };
        }
      }
      const r = await postRollup(client, deps, {
        day,
        ...(link ? { page: link } : {}),
        ...(views ? { view: await views(day) } : {}),
      });
      return {
        posted: true,
        detail: `${r.channel ?? ''} ${r.ts ?? ''}${r.chartFileId ? ' with chart' : ''}${r.pageUrl ? ' with page' : ''}`,
        ...(r.pageUrl ? { pageUrl: r.pageUrl } : {}),
      };
    },
  };
}

/** What the rollup reads (facts, anomalies, budgets, sources, the idle audit log) and its token. */
export const grants: readonly IamGrant[] = [
  logGrant('rollup'),
  // EventBridge Scheduler invokes the rollup with this role (daily, in the config's time zone).
  invokeGrant('rollup'),
  parameterGrant('config'),
  parameterGrant('slackBotToken'),
  ...COST_STORE_READ,
  pageBucketGrant,
  { actions: ['dynamodb:GetItem', 'dynamodb:Query'], resource: { kind: 'table' } },
];

export const handler = makeHandler(async () => {
  const c = coldStart();
  const log = lambdaLogger('rollup');
  const config = await c.config();
  const client = await slackClient(c);
  const deps = dynamoSlackDeps({ config, table: c.table, clock: c.clock });
  const n = await notifierOf(config.notify, (ref, what) => resolveSecret(ref, what, process.env));
  // The day's view is read once for Slack and the notifier.
  const read = new Map<string, Promise<RollupView>>();
  const views = (day: string): Promise<RollupView> => {
    let view = read.get(day);
    if (!view) {
      view = loadRollupView(deps, day);
      read.set(day, view);
    }
    return view;
  };
  const notify = n ? async (day: string) => n.rollup((await views(day)).spend) : undefined;
  if (!client) return { rollup: undefined, clock: c.clock, log, ...(notify ? { notify } : {}) };
  return {
    ...(notify ? { notify } : {}),
    rollup: slackRollup(client, deps, rollupPage(c, config), log, n ? views : undefined),
    clock: c.clock,
    log,
  };
});
