import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeDetect } from '../../functions/detect.js';
import { makeHandler as makeIngest } from '../../functions/ingest.js';
import { parseConfig } from '../../src/config/load.js';
import { parseMoney } from '../../src/core/money.js';
import { type FakeCostExplorer, startFakeCostExplorer } from '../../src/sim/fakes/aws-cost-explorer.js';
import { SOURCE_REGISTRY } from '../../src/sources/registry.js';
import { DynamoDbAnomalyStore } from '../../src/store/dynamodb/dynamodb-anomaly-store.js';
import { DynamoDbCostStore } from '../../src/store/dynamodb/dynamodb-cost-store.js';
import { DynamoDbSourceStatusStore } from '../../src/store/dynamodb/dynamodb-source-status.js';
import type { DynamoTable } from '../../src/store/dynamodb/table.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { fact } from '../helpers/facts.js';
import { AWS_ROWS, awsWorld } from '../unit/sources/aws/world.js';
import { event, memoryLogger } from './events.js';

// ingest and detect handlers with recorded event shapes, the real Cost Explorer client against the
// local wire-format fake, and the DynamoDB store on dynalite.
const ENV = ['AWS_ENDPOINT_URL_COST_EXPLORER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const clock = { now: () => new Date('2026-10-04T08:00:00Z') };
let dynamo: LocalDynamo;
let aws: FakeCostExplorer;

beforeAll(async () => {
  dynamo = await startDynalite();
  aws = await startFakeCostExplorer(awsWorld());
  process.env.AWS_ENDPOINT_URL_COST_EXPLORER = aws.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  await Promise.all([aws.close(), dynamo.close()]);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function ingestHandler(t: DynamoTable) {
  const config = parseConfig({ sources: { aws: { billingAccountId: '111111111111' } } });
  const log = memoryLogger();
  const handler = makeIngest(async () => ({
    sources: [SOURCE_REGISTRY.aws?.make(config.sources)].flatMap((s) => s ?? []),
    attribution: config.attribution,
    window: config.sources,
    store: new DynamoDbCostStore(t, { graceMs: 0 }),
    status: new DynamoDbSourceStatusStore(t),
    clock,
    log,
  }));
  return { handler, log };
}

describe('ingest handler', () => {
  it('on a direct invocation pulls the days asked, stores them exactly, and re-runs without doubling', async () => {
    // Prepare
    const t = await dynamo.createTable();
    const { handler } = ingestHandler(t);
    const served = AWS_ROWS.reduce((a, r) => a + parseMoney(r.unblended), 0n);
    // Act
    const first = await handler({ from: '2026-09-01', to: '2026-10-04' });
    await handler({ from: '2026-09-01', to: '2026-10-04' });
    // Assess
    expect(first.sources).toEqual([expect.objectContaining({ source: 'aws', ok: true })]);
    const complete = first.sources[0]?.completeUpTo;
    const facts = await new DynamoDbCostStore(t).queryFacts({ from: '2026-09-01', to: '2026-10-04' });
    expect(facts.reduce((a, f) => a + f.billedCost, 0n)).toBe(served);
    expect(await new DynamoDbSourceStatusStore(t).list()).toEqual([
      { source: 'aws', completeUpTo: complete, updatedAt: '2026-10-04T08:00:00.000Z' },
    ]);
  });

  it('on the schedule pulls the trailing window, and rejects events it does not know', async () => {
    const t = await dynamo.createTable();
    const { handler } = ingestHandler(t);
    const r = await handler(event('eventbridge-schedule'));
    expect({ from: r.from, to: r.to }).toEqual({ from: '2026-09-01', to: '2026-10-04' });
    await expect(handler({ from: 'yesterday' })).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });
});

describe('detect handler', () => {
  it('after a successful ingest judges the latest day, stores the anomaly, and alerts a budget once', async () => {
    // Prepare: 60 flat days of 100, then 1,000 on the last one
    const t = await dynamo.createTable();
    const days = Array.from({ length: 61 }, (_, i) =>
      new Date(Date.UTC(2026, 7, 4 + i)).toISOString().slice(0, 10),
    );
    const facts = days.map((day, i) => fact({ day, billed: i === 60 ? '1000' : '100' }));
    await new DynamoDbCostStore(t, { graceMs: 0 }).replaceFacts(
      {
        id: 'seed',
        source: 'aws-ce',
        origin: 'test',
        scopes: [
          { provider: 'AWS', billingAccountId: '111111111111', from: days[0] ?? '', to: days[60] ?? '' },
        ],
        importedAt: '2026-10-04T06:00:00.000Z',
        rowCount: facts.length,
        factCount: facts.length,
      },
      facts,
    );
    const config = parseConfig({
      budgets: [
        {
          name: 'llama',
          model: 'llama3-70b',
          amount: 2000,
          currency: 'USD',
          thresholds: { actual: [50], forecast: [] },
        },
      ],
    });
    const alerts: string[] = [];
    const handler = makeDetect(async () => ({
      config,
      cost: new DynamoDbCostStore(t),
      store: new DynamoDbAnomalyStore(t),
      clock,
      sink: {
        anomalies: async (found) => void alerts.push(...found.map((a) => a.id)),
        budget: async (b) => void alerts.push(b.budget),
      },
      log: memoryLogger(),
    }));
    // Act
    const first = await handler(event('destination-ingest-success'));
    const second = await handler(event('destination-ingest-success'));
    // Assess
    expect(first).toMatchObject({ day: days[60], budgetAlerts: 1 });
    expect(first.newAnomalies).toBeGreaterThan(0);
    const stored = await new DynamoDbAnomalyStore(t).listAnomalies({ from: '2026-10-03', to: '2026-10-03' });
    expect(stored.length).toBe(first.anomalies);
    expect(second.budgetAlerts).toBe(0);
    expect(alerts).toContain('llama');
    await expect(
      handler({
        ...event<Record<string, unknown>>('destination-ingest-success'),
        requestContext: { condition: 'RetriesExhausted' },
      }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED_EVENT' });
  });
});
