import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { attribute } from '../../src/core/attribution/attribute.js';
import type { CostFact } from '../../src/core/cost-fact.js';
import { addDays, daysIn } from '../../src/core/day.js';
import type { ImportRecord } from '../../src/core/ports.js';
import { DuckDbCostStore } from '../../src/store/duckdb/duckdb-cost-store.js';
import { DynamoDbCostStore } from '../../src/store/dynamodb/dynamodb-cost-store.js';
import { runCli } from '../helpers/cli.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { fact } from '../helpers/facts.js';

// The deployed store from the CLI: the same facts in a DuckDB file and in a DynamoDB table (dynalite, a
// real DynamoDB-compatible server) give the same report, anomalies, budgets and FOCUS export.

const dir = mkdtempSync(join(tmpdir(), 'costguard-dynamo-cli-'));
const db = join(dir, 'same.duckdb');
const config = join(dir, 'costguard.config.yaml');
const NOW = new Date('2026-11-21T08:00:00Z');
const LAST = '2026-11-20';
let dynamo: LocalDynamo;
let url: string;
const saved = { ...process.env };

/** 80 days of three models on two clouds and one EUR subscription; llama3-70b triples on the last day. */
function facts(): CostFact[] {
  const out: CostFact[] = [];
  for (const [n, day] of daysIn({ from: addDays(LAST, -79), to: LAST }).entries()) {
    const wobble = (n * 37) % 11;
    for (const [model, base] of [
      ['llama3-70b', 400],
      ['bert', 90],
      ['whisper', 55],
    ] as const) {
      const amount = (base + wobble) * (model === 'llama3-70b' && day === LAST ? 3 : 1);
      out.push(fact({ day, model, stage: 'train', billed: `${amount}.123456` }));
      out.push(
        fact({
          day,
          model,
          stage: 'serve',
          provider: 'Google Cloud',
          billingAccountId: '01A2B3',
          subAccountId: 'ml-serve',
          serviceName: 'Vertex AI',
          billed: `${(base / 3 + wobble).toFixed(2)}7`,
        }),
      );
    }
    out.push(
      fact({
        day,
        model: 'unattributed',
        modelBy: 'unattributed',
        provider: 'Microsoft',
        billingAccountId: 'ea-1',
        subAccountId: 'sub-1',
        serviceName: 'Virtual Machines',
        currency: 'EUR',
        billed: `${20 + wobble}.5`,
      }),
    );
  }
  return out;
}

function record(all: CostFact[]): ImportRecord {
  const scopes = [...new Set(all.map((f) => `${f.provider}|${f.billingAccountId}`))].map((k) => {
    const [provider = '', billingAccountId = ''] = k.split('|');
    return { provider, billingAccountId, from: addDays(LAST, -79), to: LAST };
  });
  return {
    id: 'same-facts',
    source: 'test',
    origin: 'dynamodb-store.test.ts',
    scopes,
    importedAt: NOW.toISOString(),
    rowCount: all.length,
    factCount: all.length,
  };
}

beforeAll(async () => {
  // The SDK's default chain finds these; dynalite checks no signature.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  dynamo = await startDynalite();
  const table = await dynamo.createTable();
  url = `dynamodb://${table.name}?region=us-east-1&endpoint=${encodeURIComponent(dynamo.endpoint)}`;
  const all = facts();
  const duck = await DuckDbCostStore.open(db);
  await duck.replaceFacts(record(all), all);
  await duck.close();
  await new DynamoDbCostStore(table).replaceFacts(record(all), all);
  writeFileSync(
    config,
    'budgets:\n  - { name: total-usd, amount: "30000.00", currency: USD }\n' +
      '  - { name: llama, model: llama3-70b, amount: "12000", currency: USD }\n',
  );
  expect(parseConfig({ budgets: [] }).store.url).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** The same command on both stores: stdout and exit codes must be equal. */
async function both(...args: string[]) {
  const d = await runCli([...args, '--config', config, '--db', db], NOW, '');
  const y = await runCli([...args, '--config', config, '--store', url], NOW, '');
  expect(d.code, d.err).toBe(0);
  expect(y.code, y.err).toBe(0);
  return { duck: d.out, dynamo: y.out };
}

describe('--store dynamodb://TABLE: the deployed table from the CLI', () => {
  it.each([
    [['--by', 'model,stage']],
    [['--by', 'provider,currency', '--grain', 'month']],
    [['--by', 'subaccount,service', '--metric', 'billed', '--from', '2026-10-01', '--to', '2026-10-31']],
    [['--by', 'model', '--provider', 'gcp', '--grain', 'week', '--from', '2026-09-01']],
  ])('report %j equals the DuckDB report of the same facts', async (extra) => {
    const r = await both('report', '--format', 'json', '--from', addDays(LAST, -79), '--to', LAST, ...extra);
    expect(JSON.parse(r.dynamo)).toEqual(JSON.parse(r.duck));
    expect(JSON.parse(r.duck).rows.length).toBeGreaterThan(0);
  });

  it('anomalies: the same judgement of the last day, written to each store', async () => {
    const r = await both('anomalies', '--format', 'json', '--date', LAST);
    const duck = JSON.parse(r.duck);
    expect(JSON.parse(r.dynamo)).toEqual(duck);
    expect(JSON.stringify(duck)).toContain('llama3-70b');
  });

  it('budgets: the same month-to-date, forecast and thresholds', async () => {
    const r = await both('budgets', '--format', 'json', '--date', LAST);
    expect(JSON.parse(r.dynamo)).toEqual(JSON.parse(r.duck));
    expect(r.duck).toContain('total-usd');
  });

  it('export: the same FOCUS file, byte for byte', async () => {
    const a = join(dir, 'duck.csv');
    const b = join(dir, 'dynamo.csv');
    const d = await runCli(['export', '--out', a, '--config', config, '--db', db], NOW);
    const y = await runCli(['export', '--out', b, '--config', config, '--store', url], NOW);
    expect([d.code, y.code], `${d.err}${y.err}`).toEqual([0, 0]);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(a, 'utf8').split('\n').length).toBeGreaterThan(80 * 7);
  });

  it('report --format html: the same page figures from the table', async () => {
    const pages = await Promise.all(
      [
        ['--db', db],
        ['--store', url],
      ].map(async (where, i) => {
        const out = join(dir, `page-${i}.html`);
        const r = await runCli(
          ['report', '--format', 'html', '--out', out, '--config', config, ...where],
          NOW,
        );
        expect(r.code, r.err).toBe(0);
        return readFileSync(out, 'utf8');
      }),
    );
    const figures = (html: string) =>
      html.match(/data-testid="(provider-total|table-total|untagged)"[^>]*>[^<]*/g);
    expect(figures(pages[1] ?? '')).toEqual(figures(pages[0] ?? ''));
    expect(figures(pages[0] ?? '')?.length).toBeGreaterThan(4);
  });

  it('store.url in the config is the default store; commands that write to DuckDB refuse it', async () => {
    const withUrl = join(dir, 'url.config.yaml');
    writeFileSync(withUrl, `store:\n  url: "${url}"\n`);
    const r = await runCli(
      ['report', '--format', 'json', '--config', withUrl, '--from', LAST, '--to', LAST],
      NOW,
      '',
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).totals.length).toBe(2);
    const imp = await runCli(['import', 'test/fixtures/focus/focus_sample.csv', '--config', withUrl], NOW);
    expect(imp.code).toBe(2);
    expect(imp.err).toMatch(/works on the DuckDB store only/);
    const bad = join(dir, 'bad.config.yaml');
    writeFileSync(bad, 'store:\n  url: "dynamo://x"\n');
    const b = await runCli(['report', '--config', bad], NOW);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/store\.url/);
  });
});

describe('clusters on the deployed table', () => {
  it('clusters import --store dynamodb:// stores the allocations and splits the cluster lump the table holds', async () => {
    // Prepare: a cluster's node lump on a fresh table, as the deployed ingest writes it before OpenCost.
    const table = await dynamo.createTable();
    const tableUrl = `dynamodb://${table.name}?region=us-east-1&endpoint=${encodeURIComponent(dynamo.endpoint)}`;
    const cfg = join(dir, 'clusters.config.yaml');
    writeFileSync(cfg, 'attribution:\n  clusters:\n    - { name: gpu-east, cloud: aws }\n');
    const day = LAST;
    const lump = attribute(
      [
        {
          ...fact({ day, model: 'x', billed: '90' }),
          serviceCategory: 'Compute',
          resourceId: 'i-0node',
          resourceName: '',
          chargeCategory: 'Usage',
          tags: { 'eks:cluster-name': 'gpu-east' },
        },
      ],
      parseConfig({ attribution: { clusters: [{ name: 'gpu-east', cloud: 'aws' }] } }).attribution,
    );
    await new DynamoDbCostStore(table).replaceFacts(record(lump), lump);
    const csv = join(dir, 'opencost.csv');
    writeFileSync(
      csv,
      `Date,Namespace,ControllerKind,ControllerName,Pod,Container,CPUCost,RAMCost,PVCost,GPUCost,TotalCost,Labels\n` +
        `${day},ml,deployment,llama,llama-0,main,0,0,0,2,2,"{""model"":""llama""}"\n` +
        `${day},ml,deployment,bert,bert-0,main,0,0,0,1,1,"{""model"":""bert""}"\n`,
    );
    // Act
    const imported = await runCli(
      ['clusters', 'import', csv, '--config', cfg, '--store', tableUrl, '--format', 'json'],
      NOW,
      '',
    );
    // Assess
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ cluster: 'gpu-east', ok: true, allocations: 2 });
    const report = await runCli(
      [
        'report',
        '--config',
        cfg,
        '--store',
        tableUrl,
        '--from',
        day,
        '--to',
        day,
        '--by',
        'model',
        '--format',
        'json',
      ],
      NOW,
      '',
    );
    const rows = (JSON.parse(report.out) as { rows: { model: string; cost: number }[] }).rows;
    expect(Object.fromEntries(rows.map((r) => [r.model, r.cost]))).toEqual({ llama: 60, bert: 30 });
  }, 60_000);
});
