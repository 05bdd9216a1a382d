import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import {
  type AwsCostRow,
  type FakeCostExplorer,
  startFakeCostExplorer,
} from '../../src/sim/fakes/aws-cost-explorer.js';
import { type FakeTagging, startFakeTagging, type TaggedResource } from '../../src/sim/fakes/aws-tagging.js';
import {
  type FakeCostManagement,
  startFakeCostManagement,
} from '../../src/sim/fakes/azure-cost-management.js';
import { type FakeBigQuery, startFakeBigQuery } from '../../src/sim/fakes/gcp-bigquery.js';
import { type FakeGcpBilling, startFakeGcpBilling } from '../../src/sim/fakes/gcp-billing.js';
import { AWS_ROWS, awsWorld } from '../unit/sources/aws/world.js';
import { azureWorld, SUB_A, SUB_B } from '../unit/sources/azure/world.js';
import { gcpDirectory } from '../unit/sources/gcp/billing-world.js';
import { GCP_TABLE, gcpWorld } from '../unit/sources/gcp/world.js';
import { runCli } from './cli.js';

const ENV = [
  'AWS_ENDPOINT_URL_COST_EXPLORER',
  'AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
];

/** EC2 and SageMaker resources of the AWS world: tagged, half-tagged, untagged, and a `user:`-prefixed key. */
export const AWS_RESOURCES: TaggedResource[] = [
  { arn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-tagged', tags: { model: 'llama', stage: 'train' } },
  { arn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-nostage', tags: { model: 'llama' } },
  { arn: 'arn:aws:ec2:us-east-1:333333333333:instance/i-bare', tags: { Name: 'scratch' } },
  {
    arn: 'arn:aws:sagemaker:us-east-1:333333333333:endpoint/bert-serve',
    tags: { 'user:Model': 'bert', Env: 'prod' },
  },
];

/** The three billing fakes plus the Tagging and Cloud Billing fakes, a config pointing at them, and the CLI. */
export interface IngestWorld {
  dir: string;
  db: string;
  configFile: string;
  awsRows: AwsCostRow[];
  aws: FakeCostExplorer;
  tagging: FakeTagging;
  gcp: FakeBigQuery;
  gcpBilling: FakeGcpBilling;
  azure: FakeCostManagement;
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  ingest(...extra: string[]): Promise<{ code: number; out: string; err: string }>;
  /** `report` as sorted CSV lines, over 2026-09-01 .. 2026-10-04. */
  report(by?: string, metric?: 'billed' | 'effective'): Promise<string[]>;
  /** Rewrites the config with `sources` sections merged over the default ones. */
  writeConfig(over?: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startIngestWorld(): Promise<IngestWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-ingest-'));
  const db = join(dir, 'ingest.duckdb');
  const configFile = join(dir, 'costguard.config.yaml');
  const savedEnv = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  // Mutable copies: tests restate days.
  const awsRows = AWS_ROWS.map((r) => ({ ...r }));
  const aws = await startFakeCostExplorer(awsWorld({ rows: awsRows }));
  const tagging = await startFakeTagging(AWS_RESOURCES);
  const gcp = await startFakeBigQuery(gcpWorld());
  const gcpBilling = await startFakeGcpBilling(gcpDirectory());
  const azure = await startFakeCostManagement(azureWorld());
  process.env.AWS_ENDPOINT_URL_COST_EXPLORER = aws.url;
  process.env.AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API = tagging.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_PROFILE;
  const caFile = join(dir, 'localhost.pem');
  writeFileSync(caFile, azure.cert ?? '');
  const writeConfig = (over: Record<string, unknown> = {}) => {
    const sources = {
      aws: { billingAccountId: '111111111111' },
      gcp: {
        billingAccountId: '01A2B3-C4D5E6-F7A8B9',
        table: GCP_TABLE,
        endpoint: gcp.url,
        billingEndpoint: gcpBilling.url,
        credential: 'anonymous',
      },
      azure: {
        billingAccountId: 'EA-1234',
        subscriptions: [SUB_A, SUB_B],
        endpoint: azure.url,
        credential: 'anonymous',
        caFile,
      },
      ...over,
    };
    writeFileSync(configFile, stringify({ sources }));
  };
  writeConfig();
  const cli = (...args: string[]) => runCli(args, new Date('2026-10-04T08:00:00Z'));
  const report = async (by = 'provider', metric: 'billed' | 'effective' = 'billed') => {
    const r = await cli(
      ...['report', '--config', configFile, '--db', db, '--from', '2026-09-01', '--to', '2026-10-04'],
      ...['--by', by, '--metric', metric, '--format', 'csv'],
    );
    expect(r.code, r.err).toBe(0);
    return r.out.trim().split('\n').sort();
  };
  return {
    dir,
    db,
    configFile,
    awsRows,
    aws,
    tagging,
    gcp,
    gcpBilling,
    azure,
    cli,
    ingest: (...extra) => cli('ingest', '--config', configFile, '--db', db, ...extra),
    report,
    writeConfig,
    close: async () => {
      await Promise.all([aws.close(), tagging.close(), gcp.close(), gcpBilling.close(), azure.close()]);
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
