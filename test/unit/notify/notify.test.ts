import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { BudgetStatus } from '../../../src/core/budget/budget.js';
import { parseMoney } from '../../../src/core/money.js';
import type { RollupSpend } from '../../../src/core/rollup.js';
import { anomalyCard, budgetCard, rollupCard } from '../../../src/notify/cards.js';
import { alsoNotify } from '../../../src/notify/notify-sink.js';
import { notifierOf } from '../../../src/notify/targets.js';
import { type LocalServer, startLocalServer } from '../../../src/sim/local-server.js';
import { anomaly } from '../../contract/anomaly-store.contract.js';

// The official Adaptive Cards library (Microsoft's, as Teams renders with) parses each card: an element
// or property it does not know is reported, so a card it accepts is one Teams can show.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: { message: string }[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

function problems(card: unknown): string[] {
  const c = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  c.parse(card, ctx);
  const parse = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
  return [...parse, ...c.validateProperties().validationEvents.map((e) => e.message)];
}

const spend: RollupSpend = {
  day: '2026-11-20',
  metric: 'effective',
  currency: 'USD',
  otherCurrencies: [{ currency: 'EUR', monthToDate: parseMoney('4387.27') }],
  total: { day: parseMoney('19269.22'), weekAgo: parseMoney('20000'), monthToDate: parseMoney('80437.66') },
  providers: [{ provider: 'AWS', day: parseMoney('9157.59'), monthToDate: parseMoney('40132.88') }],
  models: [
    {
      model: 'gemma-2b-edge',
      day: parseMoney('3026.41'),
      weekAgo: 0n,
      monthToDate: parseMoney('11879.22'),
      stages: [],
      daily: [],
    },
  ],
  seriesDays: [],
  untagged: { day: 0n, monthToDate: 0n, worst: [] },
};
const status = { period: '2026-11' } as BudgetStatus;
const budget = {
  budget: 'total-usd',
  kind: 'forecast',
  threshold: 100,
  message: 'total-usd: forecast $590,281 (101%)',
};

let server: LocalServer;
const received: { path: string; body: Record<string, unknown> }[] = [];
beforeAll(async () => {
  server = await startLocalServer((req, body, res) => {
    const path = req.url ?? '';
    if (path === '/down') {
      res.writeHead(503);
      res.end();
      return;
    }
    received.push({ path, body: JSON.parse(body.toString('utf8')) as Record<string, unknown> });
    // Teams Workflows accept with 202.
    res.writeHead(path === '/teams' ? 202 : 200);
    res.end();
  });
});
afterAll(async () => server.close());

describe('Microsoft Teams and JSON webhooks', () => {
  it('builds cards the Adaptive Cards library accepts, for each event', () => {
    const a = anomaly();
    const broader = anomaly({
      seriesId: 'model|llama3-70b|USD',
      series: { level: 'model', currency: 'USD', model: 'llama3-70b' },
    });
    for (const c of [anomalyCard(a, [broader]), budgetCard(budget, '2026-11'), rollupCard(spend)])
      expect(problems(c)).toEqual([]);
    expect(problems({ type: 'AdaptiveCard', version: '1.4', body: [{ type: 'Bogus' }] })).not.toEqual([]);
    expect(JSON.stringify(anomalyCard(a, [broader]))).toContain('Also seen as: llama3-70b (USD) +849.62 USD');
  });

  it('posts each event to the targets that take it: cards to Teams, exact JSON to the webhook', async () => {
    const config = parseConfig({
      notify: {
        targets: [
          { name: 'teams', kind: 'teams', url: { env: 'T_URL' } },
          { name: 'hook', kind: 'webhook', url: { env: 'W_URL' }, events: ['anomalies'] },
        ],
      },
    });
    const env: Record<string, string> = { T_URL: `${server.url}/teams`, W_URL: `${server.url}/hook` };
    const n = await notifierOf(config.notify, async (ref) => ('env' in ref ? (env[ref.env] ?? '') : ''));
    received.length = 0;
    await n?.anomalies([anomaly(), anomaly({ status: 'ongoing', day: '2026-11-04' })]);
    await n?.budget(budget, status);
    await n?.rollup(spend);
    expect(received.map((r) => r.path)).toEqual(['/teams', '/hook', '/teams', '/teams']);
    const teams = received[0]?.body as {
      type: string;
      attachments: { contentType: string; content: unknown }[];
    };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(problems(teams.attachments[0]?.content)).toEqual([]);
    expect(received[1]?.body).toMatchObject({
      event: 'anomaly',
      series: 'llama3-70b, train (USD)',
      impact: '849.623456789012',
      currency: 'USD',
    });
  });

  it('a target that fails does not keep the others, nor Slack, from the alert; the failure names the target', async () => {
    const config = parseConfig({
      notify: {
        targets: [
          { name: 'broken', kind: 'webhook', url: { env: 'B' } },
          { name: 'hook', kind: 'webhook', url: { env: 'W' } },
        ],
      },
    });
    const env: Record<string, string> = { B: `${server.url}/down`, W: `${server.url}/hook` };
    const n = await notifierOf(config.notify, async (ref) => ('env' in ref ? (env[ref.env] ?? '') : ''));
    if (!n) throw new Error('no notifier');
    received.length = 0;
    await expect(n.budget(budget, status)).rejects.toThrow(
      /budgets: broken answered HTTP 503 \(the other targets got it\)/,
    );
    expect(received.map((r) => r.path)).toEqual(['/hook']);
    // Beside Slack: Slack delivers, the notifier's failure is reported, the delivery stands.
    const slack: string[] = [];
    const errors: string[] = [];
    const sink = alsoNotify(
      { anomalies: async () => {}, budget: async (b) => void slack.push(b.budget) },
      n,
      (e) => errors.push((e as Error).message),
    );
    await sink.budget(budget, status);
    expect(slack).toEqual(['total-usd']);
    expect(errors).toEqual([expect.stringContaining('broken answered HTTP 503')]);
    expect(errors[0]).not.toContain(server.url);
  });
});
