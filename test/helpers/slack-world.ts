import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_JUDGE, judgeDay } from '../../src/core/anomaly/judge.js';
import type { Budget } from '../../src/core/budget/budget.js';
import type { CostFact } from '../../src/core/cost-fact.js';
import { dayNumber, dayString, weekdayOf } from '../../src/core/day.js';
import type { IdleNotice } from '../../src/core/idle/owner-ports.js';
import { scopesOf } from '../../src/core/import-scopes.js';
import { moneyOf } from '../../src/core/money.js';
import type { CostStore } from '../../src/core/ports.js';
import { runJob } from '../../src/slack/cost-command.js';
import type { SlackDeps, SlackSettings } from '../../src/slack/ports.js';
import { InProcessSlowWork } from '../../src/slack/slow-work.js';
import { DuckDbAnomalyStore } from '../../src/store/duckdb/duckdb-anomaly-store.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DuckDbSourceStatusStore } from '../../src/store/duckdb/duckdb-source-status.js';
import { fact } from './facts.js';
import { InMemoryIdle, InMemoryPressAudit } from './in-memory-idle.js';

export const TODAY = '2026-11-11';
export const YESTERDAY = '2026-11-10';
export const NOW = new Date(`${TODAY}T08:00:00.000Z`);

const CLOUDS = [
  { provider: 'AWS', sub: '222222222222', service: 'Amazon Elastic Compute Cloud', region: 'us-east-1' },
  { provider: 'Google Cloud', sub: 'ml-prod-4411', service: 'Compute Engine', region: 'europe-west4' },
  { provider: 'Microsoft', sub: '0f3c-sub-ml', service: 'Virtual Machines', region: 'westeurope' },
];

export const modelName = (i: number) =>
  i === 0
    ? 'llama3-70b'
    : i === 1
      ? 'llama3-8b'
      : i === 2
        ? 'whisper-large'
        : `model-${String(i).padStart(3, '0')}`;

/**
 * A realistic organisation: `models` models over three clouds and three stages for 60 days to
 * YESTERDAY, quiet weekends, deterministic noise, some untagged spend, and a training spike on the
 * last day (llama3-70b train, a new SageMaker sub-account) for the anomaly detector to find.
 */
export function orgFacts(models = 20): CostFact[] {
  const facts: CostFact[] = [];
  const last = dayNumber(YESTERDAY);
  for (let n = last - 59; n <= last; n++) {
    const day = dayString(n);
    const weekend = weekdayOf(n) === 0 || weekdayOf(n) === 6;
    for (let i = 0; i < models; i++) {
      const c = CLOUDS[i % 3] as (typeof CLOUDS)[number];
      const base = Math.max(5, Math.round(2000 / (i + 1)));
      const wiggle = ((n * 7919 + i * 104729) % 11) - 5;
      const common = {
        day,
        provider: c.provider,
        subAccountId: c.sub,
        serviceName: c.service,
        regionId: c.region,
      };
      facts.push(
        fact({
          ...common,
          model: modelName(i),
          stage: 'serve',
          billed: `${(weekend ? Math.round(base / 2) : base) + wiggle}.25`,
        }),
      );
      facts.push(
        fact({
          ...common,
          model: modelName(i),
          stage: 'train',
          billed: `${Math.round(base / 3) + wiggle + 6}.10`,
        }),
      );
      if (i % 4 === 0) facts.push(fact({ ...common, model: modelName(i), stage: 'dev', billed: '12.05' }));
    }
    facts.push(
      fact({
        day,
        provider: 'AWS',
        model: 'unattributed',
        stage: 'unattributed',
        modelBy: 'unattributed',
        serviceName: 'Amazon S3',
        billed: '41.70',
      }),
    );
    facts.push(
      fact({
        day,
        provider: 'Microsoft',
        subAccountId: '0f3c-sub-ml',
        model: 'unattributed',
        stage: 'unattributed',
        modelBy: 'unattributed',
        serviceName: 'Storage',
        regionId: 'westeurope',
        billed: '18.30',
      }),
    );
    if (n === last)
      facts.push(
        fact({
          day,
          model: 'llama3-70b',
          stage: 'train',
          subAccountId: '999999999999',
          serviceName: 'Amazon SageMaker',
          billed: '9500',
        }),
      );
  }
  return facts;
}

export const BUDGETS: Budget[] = [
  {
    name: 'llama serve',
    scope: { model: 'llama3-70b', stage: 'serve' },
    amount: moneyOf(20000),
    currency: 'USD',
    thresholds: { actual: [50, 80, 100], forecast: [100] },
  },
  {
    name: 'everything',
    scope: {},
    amount: moneyOf(400000),
    currency: 'USD',
    thresholds: { actual: [50, 80, 100], forecast: [100] },
  },
  {
    name: 'gcp',
    scope: { provider: 'Google Cloud' },
    amount: moneyOf(5000),
    currency: 'USD',
    thresholds: { actual: [80], forecast: [100] },
  },
];

export const notice = (over: Partial<IdleNotice> = {}): IdleNotice => ({
  provider: 'aws',
  account: '222222222222',
  region: 'us-east-1',
  instanceId: 'i-0abc123',
  instanceType: 'p4d.24xlarge',
  gpus: 8,
  owner: 'alice@example.com',
  model: 'llama3-70b',
  stage: 'train',
  action: 'warn',
  reasons: ['idle:gpu'],
  hourlyCost: moneyOf('32.77'),
  estimatedSavings: moneyOf('458.78'),
  currency: 'USD',
  at: '2026-11-11T06:00:00.000Z',
  ...over,
});

export const SETTINGS: SlackSettings = {
  channel: 'C0COSTS',
  owners: { bob: 'U0BOB' },
  allowList: ['U0LEAD'],
  modelOwners: { 'llama3-70b': ['U0OWNER'] },
  timeZone: 'Europe/Berlin',
  workdayStartHour: 9,
  metric: 'effective',
  unattributed: 'unattributed',
  chart: true,
};

export interface SlackWorld {
  deps: SlackDeps;
  idle: InMemoryIdle;
  audit: InMemoryPressAudit;
  slow: InProcessSlowWork;
  cost: DuckDbCostStore;
  anomalies: DuckDbAnomalyStore;
  /** The DuckDB file. */
  path: string;
  close(): Promise<void>;
}

/** A real DuckDB file holding the org, its judged anomalies and source status; idle in memory. */
export async function openWorld(
  opts: { models?: number; now?: Date; delayMs?: number } = {},
): Promise<SlackWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-slack-'));
  const path = join(dir, 'slack.duckdb');
  const cost = await DuckDbCostStore.open(path);
  const facts = orgFacts(opts.models ?? 20);
  await cost.replaceFacts(
    {
      id: 'i1',
      source: 'focus',
      origin: 'test',
      scopes: scopesOf(facts),
      importedAt: NOW.toISOString(),
      rowCount: facts.length,
      factCount: facts.length,
    },
    facts,
  );
  const anomalies = await DuckDbAnomalyStore.on(cost);
  await anomalies.saveAnomalies(
    judgeDay(facts, YESTERDAY, dayString(dayNumber(YESTERDAY) - 59), DEFAULT_JUDGE, [], NOW),
  );
  const sources = await DuckDbSourceStatusStore.on(cost);
  await sources.record({ source: 'aws', completeUpTo: '2026-11-09', updatedAt: NOW.toISOString() });
  await sources.record({ source: 'gcp', completeUpTo: '2026-11-07', updatedAt: NOW.toISOString() });
  await sources.record({ source: 'azure', completeUpTo: '2026-11-09', updatedAt: NOW.toISOString() });
  const idle = new InMemoryIdle();
  idle.notices.push(
    notice({ action: 'stop', instanceId: 'i-0stopped1', estimatedSavings: moneyOf('786.48') }),
    notice(),
    notice({
      provider: 'gcp',
      account: 'ml-prod-4411',
      region: 'europe-west4-a',
      instanceId: 'trainer-7',
      instanceType: 'a2-highgpu-1g',
      gpus: 1,
      owner: 'bob',
      action: 'warn',
    }),
  );
  const audit = new InMemoryPressAudit();
  const delay = opts.delayMs ?? 0;
  // A slow store stands in for a cold DuckDB or DynamoDB read: the ack must not wait for it.
  const costs: CostStore = {
    queryFacts: async (q) => {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      return cost.queryFacts(q);
    },
    replaceFacts: (r, f) => cost.replaceFacts(r, f),
    listImports: () => cost.listImports(),
    close: () => cost.close(),
  };
  const slow: InProcessSlowWork = new InProcessSlowWork((job) => runJob(job, deps));
  const deps: SlackDeps = {
    costs,
    anomalies,
    budgetAlerts: anomalies,
    budgets: BUDGETS,
    sources,
    idleActivity: idle,
    idleActions: idle,
    audit,
    slowWork: slow,
    clock: { now: () => opts.now ?? NOW },
    settings: SETTINGS,
  };
  return {
    deps,
    idle,
    audit,
    slow,
    cost,
    anomalies,
    path,
    close: async () => {
      await slow.drain();
      await cost.close();
    },
  };
}
