// npm run bench:ingest [-- --models 200 --out bench-out]
// What one scheduled ingest run costs a 200-model organisation in each cloud's billed unit: Cost
// Explorer requests ($0.01 each), BigQuery bytes scanned (on-demand pricing), Cost Management queries
// (throttled per query processing units). Measured through the real adapters and SDKs against the local
// fakes, next to a baseline measured in the same run: the obvious plan (one slice per model; no
// partition filter on the export).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CostExplorerClient, GetCostAndUsageCommand, GetTagsCommand } from '@aws-sdk/client-cost-explorer';
import { emptyStats, trailingWindow } from '../src/core/billing-source.js';
import type { CostLine } from '../src/core/cost-line.js';
import { addDays, type DayRange } from '../src/core/day.js';
import { parseMoney, sumMoney } from '../src/core/money.js';
import { startFakeCostExplorer } from '../src/sim/fakes/aws-cost-explorer.js';
import { startFakeCostManagement } from '../src/sim/fakes/azure-cost-management.js';
import { startFakeBigQuery } from '../src/sim/fakes/gcp-bigquery.js';
import { CostExplorerSource } from '../src/sources/aws/cost-explorer.js';
import { makeCostManagementClient } from '../src/sources/azure/clients.js';
import { CostManagementSource } from '../src/sources/azure/cost-management.js';
import { usageQuery } from '../src/sources/azure/cost-management-mapper.js';
import { scopesOf } from '../src/sources/azure/scopes.js';
import { BigQueryExportSource } from '../src/sources/gcp/bigquery-export.js';
import { exportQuery } from '../src/sources/gcp/bigquery-mapper.js';
import { makeBigQuery } from '../src/sources/gcp/clients.js';
import { buildOrg, type Org } from './ingest-org.js';

const { values: args } = parseArgs({
  options: { models: { type: 'string', default: '200' }, out: { type: 'string', default: 'bench-out' } },
});
const SHAPE = { models: Number(args.models), awsAccounts: 4, gcpProjects: 4, azureSubscriptions: 3 };
const TABLE = 'billing-admin.billing_export.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';
const GCP_HISTORY_DAYS = 395; // about 13 months of export history in the table
const keys = { model: 'model', stage: 'stage' };
const noRetry = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => {} };
const creds = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };

function check(what: string, lines: readonly CostLine[], expected: readonly string[]) {
  const got = sumMoney(lines.map((l) => l.billedCost));
  const want = sumMoney(expected.map(parseMoney));
  if (got !== want) throw new Error(`${what}: pulled ${got} pico-units, the fake served ${want}`);
}

async function aws(org: Org, range: DayRange) {
  const fake = await startFakeCostExplorer({ rows: org.aws, pageSize: 1000 });
  try {
    const client = new CostExplorerClient({
      region: 'us-east-1',
      endpoint: fake.url,
      credentials: creds,
      maxAttempts: 1,
    });
    const stats = emptyStats();
    const settings = { billingAccountId: '111111111111', accounts: [], stageValues: [], tagKeys: keys };
    const pull = await new CostExplorerSource({ client, settings, retry: noRetry }).pull(range, stats);
    check(
      'aws',
      pull.lines,
      org.aws.filter((r) => r.day >= range.from && r.day <= range.to).map((r) => r.unblended),
    );
    const configured = emptyStats();
    await new CostExplorerSource({
      client,
      settings: { ...settings, accounts: org.accounts, stageValues: ['dev', 'eval', 'serve', 'train'] },
      retry: noRetry,
    }).pull(range, configured);
    // Baseline: one slice per account and model (group by stage and service), plus the untagged slice.
    const before = fake.faults.requests;
    const TimePeriod = { Start: range.from, End: addDays(range.to, 1) };
    const models = (await client.send(new GetTagsCommand({ TimePeriod, TagKey: 'model' }))).Tags ?? [];
    for (const account of org.accounts) {
      for (const model of [...models, undefined]) {
        let token: string | undefined;
        do {
          const out = await client.send(
            new GetCostAndUsageCommand({
              TimePeriod,
              Granularity: 'DAILY',
              Metrics: ['UnblendedCost', 'AmortizedCost'],
              GroupBy: [
                { Type: 'TAG', Key: 'stage' },
                { Type: 'DIMENSION', Key: 'SERVICE' },
              ],
              Filter: {
                And: [
                  { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [account] } },
                  model === undefined
                    ? { Tags: { Key: 'model', MatchOptions: ['ABSENT'] } }
                    : { Tags: { Key: 'model', Values: [model], MatchOptions: ['EQUALS'] } },
                ],
              },
              NextPageToken: token,
            }),
          );
          token = out.NextPageToken || undefined;
        } while (token);
      }
    }
    return {
      requests: stats.requests,
      requestsConfigured: configured.requests,
      baseline: fake.faults.requests - before,
    };
  } finally {
    await fake.close();
  }
}

async function gcp(org: Org, range: DayRange) {
  const fake = await startFakeBigQuery({ table: TABLE, rows: org.gcp, pageSize: 5000 });
  try {
    const bq = makeBigQuery({ projectId: 'billing-admin', endpoint: fake.url, credential: 'anonymous' });
    const settings = {
      billingAccountId: '01A2B3-C4D5E6-F7A8B9',
      table: TABLE,
      projects: [],
      labelKeys: keys,
      partitionLagDays: 3,
    };
    const stats = emptyStats();
    const pull = await new BigQueryExportSource({ bigquery: bq, settings, retry: noRetry }).pull(
      range,
      stats,
    );
    check(
      'gcp',
      pull.lines,
      org.gcp.filter((r) => r.day >= range.from && r.day <= range.to).map((r) => r.cost),
    );
    // Baseline: the same rollup filtered on the usage date only, as most billing-export examples do.
    const { query, params } = exportQuery(settings, range);
    const unpartitioned = query.replace(/WHERE _PARTITIONTIME BETWEEN [^\n]*\n\s*AND /, 'WHERE ');
    const [, , response] = (await bq.query(
      { query: unpartitioned, params },
      { autoPaginate: false },
    )) as unknown as [unknown, unknown, { totalBytesProcessed?: string }];
    return {
      bytes: stats.bytesScanned,
      requests: stats.requests,
      baselineBytes: Number(response.totalBytesProcessed),
    };
  } finally {
    await fake.close();
  }
}

async function azure(org: Org, range: DayRange) {
  const fake = await startFakeCostManagement({ rows: org.azure, pageSize: 1000 });
  try {
    const client = makeCostManagementClient({
      endpoint: fake.url,
      credential: 'anonymous',
      ...(fake.cert ? { ca: fake.cert } : {}),
    });
    const settings = {
      billingAccountId: 'EA-1',
      scopes: scopesOf({ subscriptions: org.subscriptions, scopes: [] }),
      stageValues: [],
      tagKeys: keys,
    };
    const stats = emptyStats();
    const pull = await new CostManagementSource({ client, settings, retry: noRetry }).pull(range, stats);
    check(
      'azure',
      pull.lines,
      org.azure.filter((r) => r.day >= range.from && r.day <= range.to).map((r) => r.actual),
    );
    const configured = emptyStats();
    await new CostManagementSource({
      client,
      settings: { ...settings, stageValues: ['dev', 'eval', 'serve', 'train'] },
      retry: noRetry,
    }).pull(range, configured);
    // Baseline: per subscription, one query per model and cost type (group by stage tag and service).
    const before = fake.calls.query;
    for (const sub of org.subscriptions) {
      const models = new Set(org.azure.filter((r) => r.subscription === sub).map((r) => r.tags.model ?? ''));
      for (const model of models) {
        for (const type of ['ActualCost', 'AmortizedCost'] as const) {
          const q = usageQuery(
            type,
            range,
            { modelKey: 'stage' },
            model ? { key: 'model', value: model } : undefined,
          );
          let link: string | undefined;
          do {
            const page = await client.query.usage(`subscriptions/${sub}`, q);
            link = page.nextLink ?? undefined;
            if (link) throw new Error('bench: baseline pages are not followed; raise pageSize');
          } while (link);
        }
      }
    }
    return {
      queries: stats.requests,
      queriesConfigured: configured.requests,
      baseline: fake.calls.query - before,
    };
  } finally {
    await fake.close();
  }
}

const scenarios = [
  { name: 'mid-month run (trailing 5 days + today)', today: '2026-10-15' },
  { name: 'early-month run (previous month still open)', today: '2026-10-03' },
];
const results = [];
for (const s of scenarios) {
  const range = trailingWindow(s.today, { trailingDays: 5, previousMonthOpenUntilDay: 5 });
  const org = buildOrg(SHAPE, range.from, range.to, GCP_HISTORY_DAYS);
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  const [a, g, z] = [await aws(org, range), await gcp(org, range), await azure(org, range)];
  results.push({ scenario: s.name, range, days, aws: a, gcp: g, azure: z });
}

const mb = (b: number) => (b / 1e6).toFixed(1);
const x = (base: number, ours: number) => `${(base / ours).toFixed(1)}x`;
console.log(
  `bench:ingest, ${SHAPE.models} models; AWS ${SHAPE.awsAccounts} accounts, GCP ${SHAPE.gcpProjects} projects, Azure ${SHAPE.azureSubscriptions} subscriptions, 4 stage values`,
);
for (const r of results) {
  console.log(`\n${r.scenario}: ${r.range.from} .. ${r.range.to} (${r.days} days)`);
  console.log(
    `  Cost Explorer requests: ${r.aws.requests} (${r.aws.requestsConfigured} with accounts and stages configured); baseline ${r.aws.baseline} (${x(r.aws.baseline, r.aws.requests)}); $${(r.aws.requests * 0.01).toFixed(2)} per run`,
  );
  console.log(
    `  BigQuery bytes: ${mb(r.gcp.bytes)} MB in ${r.gcp.requests} requests; baseline ${mb(r.gcp.baselineBytes)} MB (${x(r.gcp.baselineBytes, r.gcp.bytes)})`,
  );
  console.log(
    `  Azure queries: ${r.azure.queries} (${r.azure.queriesConfigured} with stages configured); baseline ${r.azure.baseline} (${x(r.azure.baseline, r.azure.queries)})`,
  );
}
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'bench-ingest.json'), JSON.stringify({ shape: SHAPE, results }, null, 2));
