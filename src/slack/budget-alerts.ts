import { claimAndDeliver } from '../app/budget-delivery.js';
import { budgetAlert } from './blocks/budget-blocks.js';
import { budgetFrom, budgetStatuses, factsIn, yesterdayOf } from './data.js';
import type { SlackDeps } from './ports.js';
import { postMessage, type WebClient } from './post.js';

/**
 * Evaluates every budget as of `day` (default yesterday) and posts each threshold crossing the first
 * time it happens in the month: the alert store's claim makes two runs at once alert once.
 */
export async function sendBudgetAlerts(
  client: WebClient,
  deps: SlackDeps,
  opts: { day?: string } = {},
): Promise<{ budget: string; kind: string; threshold: number; ts: string }[]> {
  const day = opts.day ?? yesterdayOf(deps.clock.now());
  const facts = await factsIn(deps, budgetFrom(day), day);
  const sent: { budget: string; kind: string; threshold: number; ts: string }[] = [];
  for (const s of budgetStatuses(deps, facts, day)) {
    for (const c of s.crossed) {
      let ts = '';
      // Claim -> post; a failed post gives the claim back and throws, so the next run posts it.
      const r = await claimAndDeliver(
        deps.budgetAlerts,
        {
          budget: s.budget.name,
          period: s.period,
          kind: c.kind,
          threshold: c.threshold,
          at: deps.clock.now().toISOString(),
          message: c.message,
        },
        async () => {
          ts = (await postMessage(client, deps.settings.channel, budgetAlert(s, c))).ts;
        },
      );
      if (r === 'delivered') sent.push({ budget: s.budget.name, kind: c.kind, threshold: c.threshold, ts });
    }
  }
  return sent;
}
