import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../../src/core/anomaly/explain.js';
import type { CostFact } from '../../../src/core/cost-fact.js';
import { addDays, daysIn } from '../../../src/core/day.js';
import { answerCost } from '../../../src/slack/cost-answers.js';
import { fact } from '../../helpers/facts.js';
import { openWorld, orgFacts, type SlackWorld, YESTERDAY } from '../../helpers/slack-world.js';

// A model billed in two currencies (USD on AWS, EUR on an Azure EA): every /cost answer shows each
// currency on its own, never summed with the other, never dropped.

let w: SlackWorld;
const EUR_DAYS = daysIn({ from: addDays(YESTERDAY, -13), to: YESTERDAY });
const eur: CostFact[] = EUR_DAYS.map((day) =>
  fact({
    day,
    model: 'llama3-70b',
    stage: 'serve',
    provider: 'Microsoft',
    billingAccountId: 'eu-ea-1',
    subAccountId: 'eu-sub',
    currency: 'EUR',
    billed: '100.015',
  }),
);
const text = async (q: string) => JSON.stringify((await answerCost(w.deps, q)).message);

beforeAll(async () => {
  w = await openWorld();
  await w.cost.replaceFacts(
    {
      id: 'eur',
      source: 'test',
      origin: 'test',
      scopes: [
        { provider: 'Microsoft', billingAccountId: 'eu-ea-1', from: EUR_DAYS[0] as string, to: YESTERDAY },
      ],
      importedAt: new Date().toISOString(),
      rowCount: eur.length,
      factCount: eur.length,
    },
    eur,
  );
}, 60_000);
afterAll(() => w?.close());

/** The model's USD spend in [from, to] from the world's own facts (independent of the answer). */
const usd = (from: string, to: string) =>
  orgFacts()
    .filter((f) => f.model === 'llama3-70b' && f.currency === 'USD' && f.day >= from && f.day <= to)
    .reduce((a, f) => a + f.effectiveCost, 0n);

describe('/cost with two currencies', () => {
  it('/cost <model> answers each currency the model has, each its own total', async () => {
    const answer = await text('llama3-70b last 7 days');
    const from = addDays(YESTERDAY, -6);
    expect(answer).toContain(`*${money(usd(from, YESTERDAY), 'USD')}* last 7 days`);
    // 7 days of 100.015 EUR: 700.105, shown to the cent.
    expect(answer).toContain(`*${money(700_105_000_000_000n, 'EUR')}* last 7 days`);
    expect(answer).toContain('"type":"divider"');
  });

  it('a period in which only one currency has spend answers in that one', async () => {
    const early = `${addDays(YESTERDAY, -40)}..${addDays(YESTERDAY, -30)}`;
    const answer = await text(`llama3-70b ${early}`);
    expect(answer).not.toContain('€');
  });

  it('/cost top gives one table per currency', async () => {
    const { message } = await answerCost(w.deps, 'top 3');
    const tables = message.blocks.map((b) => JSON.stringify(b)).filter((b) => b.includes('Top 3 models'));
    expect(tables).toHaveLength(2);
    expect(tables[0]).toContain('$');
    expect(tables[1]).toContain('€');
  });

  it('/cost names the month to date of the other currencies, not added', async () => {
    const answer = await text('');
    expect(answer).toContain('other currencies, each on its own, never added');
    expect(answer).toContain('€');
  });
});
