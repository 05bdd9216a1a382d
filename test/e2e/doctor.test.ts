// `costguard doctor` against the simulator: the billing fakes, the fleet fakes and the fake Slack Web
// API, through the real SDK clients. Every check passes against the simulator as it is; each refusal
// a cloud can answer (in its own wire format) fails its check and the fix names what to grant.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import { type SimulatedClouds, startSimulatedClouds } from '../../src/sim/clouds.js';
import { type FakeSlackApi, type FakeSlackWorld, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { buildFleet, type SimFleet } from '../../src/sim/fleet.js';
import { type Clouds, startClouds } from '../../src/sim/fleet-clouds.js';
import { buildWorld, SIM_ATTRIBUTION } from '../../src/sim/world.js';
import { runCli } from '../helpers/cli.js';

const END = '2026-11-21';
const NOW = new Date(`${END}T12:00:00Z`);
const TOKEN_ENV = 'COSTGUARD_DOCTOR_TEST_TOKEN';
const PRINCIPAL_AWS = 'arn:aws:iam::123456789012:user/costguard';
const PRINCIPAL_AZURE = '11111111-2222-3333-4444-555555555555';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

let dir: string;
let clouds: SimulatedClouds;
let fleet: SimFleet;
let fleetClouds: Clouds;
let slack: FakeSlackApi;
const slackWorld: FakeSlackWorld = {};
let config: Record<string, unknown>;
const savedEnv: Record<string, string | undefined> = {};

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in savedEnv)) savedEnv[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** Writes `c` (default: the whole simulated config) and runs doctor on it. */
async function doctor(c: Record<string, unknown> = config, extra: string[] = []) {
  const file = join(dir, `doctor-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(c));
  const r = await runCli(['doctor', '--config', file, '--format', 'json', ...extra], NOW, '');
  const checks = r.out ? (JSON.parse(r.out) as { checks: Check[] }).checks : [];
  const by = (name: string) => {
    const found = checks.find((x) => x.name === name);
    if (!found) throw new Error(`no check ${name} in ${r.out}\n${r.err}`);
    return found;
  };
  return { ...r, checks, by };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'costguard-doctor-'));
  const world = buildWorld({ seed: 42, end: END });
  clouds = await startSimulatedClouds(world, dir);
  fleet = buildFleet(42, world.models, `${END}T18:15:00Z`);
  fleetClouds = await startClouds(() => fleet.world, dir, fleet.scope);
  slack = await startFakeSlackApi(slackWorld);
  setEnv({ ...clouds.env, [TOKEN_ENV]: 'xoxb-doctor-test' });
  config = {
    attribution: SIM_ATTRIBUTION,
    sources: { ...clouds.sources, requestTimeoutMs: 5_000 },
    idle: fleetClouds.config,
    slack: { channel: 'C0COSTS', apiUrl: slack.apiUrl, botToken: { env: TOKEN_ENV } },
  };
}, 60_000);

afterEach(() => {
  for (const c of [clouds.aws, clouds.gcp, clouds.azure]) c.faults.faults = {};
  fleet.world.faults.deny = [];
  slackWorld.scopes = undefined;
  slackWorld.refuse = undefined;
});

afterAll(async () => {
  await Promise.all([clouds?.close(), fleetClouds?.close(), slack?.close()]);
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('costguard doctor against the simulator', () => {
  it('passes every check, one per source, fleet call and Slack, in the documented JSON', async () => {
    const r = await doctor();
    expect(r.err).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(r.checks.map((c) => c.name)).toEqual([
      'aws.costExplorer',
      'aws.ec2',
      'aws.cloudwatch',
      'gcp.bigquery',
      'gcp.compute',
      'gcp.monitoring',
      'azure.costManagement',
      'azure.compute',
      'azure.monitor',
      'slack',
    ]);
    for (const c of r.checks) {
      expect(Object.keys(c)).toEqual(['name', 'ok', 'detail']);
      expect(c, c.detail).toMatchObject({ ok: true });
    }
    expect(r.by('gcp.bigquery').detail).toMatch(/would scan \d+\.\d MB/);
    expect(clouds.gcp.dryRuns).toBe(1);
    expect(clouds.gcp.calls.query).toBe(0); // a dry run only: nothing billed
    expect(r.by('aws.costExplorer').detail).toMatch(/GetDimensionValues 2026-11-20: \d+ linked account/);
    expect(r.by('aws.cloudwatch').detail).toMatch(/\d+ GPU metric series/);
    expect(r.by('azure.monitor').detail).toMatch(/metrics\.list allowed/);
    expect(r.by('slack').detail).toMatch(
      /chat:write, commands, files:write, users:read, users:read\.email present/,
    );
  });

  it('prints a table with one line per check on request', async () => {
    clouds.aws.faults.faults = { deny: true };
    const file = join(dir, 'table.yaml');
    writeFileSync(file, stringify(config));
    const r = await runCli(['doctor', '--config', file, '--format', 'table'], NOW);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}aws\.costExplorer/m);
    expect(r.out).toMatch(/^pass {2}slack/m);
    expect(r.out).toMatch(/^ +fix: grant the IAM action ce:GetDimensionValues/m);
    expect(r.out).toContain('1 of 10 checks failed.');
    expect(r.err).toContain('1 of 10 checks failed: aws.costExplorer');
  });
});

describe('progress', () => {
  it('goes to stderr on a terminal, one line per check as it ends', async () => {
    const file = join(dir, 'tty.yaml');
    writeFileSync(file, stringify(config));
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      isTty: true,
      errIsTty: true,
    };
    const code = await main(['node', 'costguard', 'doctor', '--config', file], {
      io,
      clock: { now: () => NOW },
    });
    expect(code).toBe(0);
    expect(err[0]).toMatch(/^doctor: 10 checks \(aws\.costExplorer, aws\.ec2, /);
    expect(err.slice(1)).toHaveLength(10);
    expect(err.at(-1)).toMatch(/^ {2}10\/10 \S+ ok \(\d+ ms\)$/);
    expect(out.join('\n')).toContain('All 10 checks passed.');
  });
});

describe('each refusal fails its check and names the fix', () => {
  it('values init left as REPLACE-ME fail a check of their own, naming each one', async () => {
    const sources = config.sources as Record<string, Record<string, unknown>>;
    const withPlaceholder = {
      ...config,
      sources: { ...sources, gcp: { ...sources.gcp, billingAccountId: 'REPLACE-ME-billing-account-id' } },
    };
    const r = await doctor(withPlaceholder);
    expect(r.code).toBe(1);
    const c = r.by('config.placeholders');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('sources.gcp.billingAccountId');
    expect(c.detail).toContain('Fix: fill them in');
  });

  it('AWS AccessDenied from Cost Explorer names the IAM action and the principal', async () => {
    clouds.aws.faults.faults = { deny: true };
    const r = await doctor();
    expect(r.code).toBe(1);
    const c = r.by('aws.costExplorer');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain(`Fix: grant the IAM action ce:GetDimensionValues to ${PRINCIPAL_AWS}`);
    expect(r.checks.filter((x) => !x.ok).map((x) => x.name)).toEqual(['aws.costExplorer']);
  });

  it('EC2 UnauthorizedOperation on the DryRun names ec2:DescribeInstances', async () => {
    fleet.world.faults.deny = ['DescribeInstances'];
    const c = (await doctor()).by('aws.ec2');
    expect(c.ok).toBe(false);
    expect(c.detail).toMatch(/^UnauthorizedOperation: You are not authorized/);
    expect(c.detail).toContain(`Fix: grant the IAM action ec2:DescribeInstances to ${PRINCIPAL_AWS}`);
  });

  it('CloudWatch: without ListMetrics the sweep call decides; without GetMetricData too it fails', async () => {
    fleet.world.faults.deny = ['ListMetrics'];
    const partial = (await doctor()).by('aws.cloudwatch');
    expect(partial.ok).toBe(true);
    expect(partial.detail).toContain('GetMetricData allowed (ListMetrics is not');
    fleet.world.faults.deny = ['ListMetrics', 'GetMetricData'];
    const c = (await doctor()).by('aws.cloudwatch');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain(`Fix: grant the IAM action cloudwatch:GetMetricData to ${PRINCIPAL_AWS}`);
  });

  it('Google 403 PERMISSION_DENIED names the permission, the role and the project', async () => {
    clouds.gcp.faults.faults = { deny: true };
    fleet.world.faults.deny = ['instances.aggregatedList', 'timeSeries.list'];
    const r = await doctor();
    const bq = r.by('gcp.bigquery');
    expect(bq.ok).toBe(false);
    expect(bq.detail).toContain('does not have bigquery.jobs.create permission');
    expect(bq.detail).toMatch(
      /Fix: grant bigquery\.jobs\.create \(role roles\/bigquery\.jobUser.*\) on project /,
    );
    const project = fleet.scope.gcpProjects[0];
    expect(r.by('gcp.compute').detail).toContain(
      `Fix: grant compute.instances.list (role roles/compute.viewer) on project ${project}`,
    );
    expect(r.by('gcp.monitoring').detail).toContain(
      `Fix: grant monitoring.timeSeries.list (role roles/monitoring.viewer) on project ${project}`,
    );
  });

  it('Azure AuthorizationFailed names the action, the principal, a role and the scope', async () => {
    clouds.azure.faults.faults = { deny: true };
    fleet.world.faults.deny = ['virtualMachines.listAll'];
    const r = await doctor();
    const cm = r.by('azure.costManagement');
    expect(cm.ok).toBe(false);
    expect(cm.detail).toMatch(/^AuthorizationFailed: /);
    expect(cm.detail).toMatch(
      new RegExp(
        `Fix: assign ${PRINCIPAL_AZURE} a role with Microsoft\\.CostManagement/query/action \\(e\\.g\\. Cost Management Reader\\) on /subscriptions/`,
      ),
    );
    expect(r.by('azure.compute').detail).toContain(
      `a role with Microsoft.Compute/virtualMachines/read (e.g. Virtual Machine Contributor`,
    );
  });

  it('Azure Monitor refusing metrics.list names Microsoft.Insights/metrics/read', async () => {
    fleet.world.faults.deny = ['metrics.list'];
    const c = (await doctor()).by('azure.monitor');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain(`assign ${PRINCIPAL_AZURE} a role with Microsoft.Insights/metrics/read`);
  });

  it('a Slack token lacking a needed scope names the scope and what needs it', async () => {
    slackWorld.scopes = ['chat:write', 'commands'];
    const c = (await doctor()).by('slack');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('the token lacks files:write (the rollup chart (files.uploadV2))');
    expect(c.detail).toContain('users:read.email (finding an instance owner by email');
    expect(c.detail).toContain('Fix: add the Bot Token Scope(s) files:write, users:read, users:read.email');
  });

  it('a scope a feature turned off does not need is not asked for', async () => {
    slackWorld.scopes = ['chat:write', 'commands'];
    const { idle: _, ...noIdle } = config;
    const slackNoChart = { ...(config.slack as object), rollup: { chart: false } };
    const c = (await doctor({ ...noIdle, slack: slackNoChart })).by('slack');
    expect(c.ok).toBe(true);
    expect(c.detail).toContain('scopes chat:write, commands present');
  });

  it('a Slack token Slack refuses (invalid_auth) names where the token goes', async () => {
    slackWorld.refuse = { 'auth.test': 'invalid_auth' };
    const c = (await doctor()).by('slack');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain(
      `auth.test: invalid_auth. Fix: the bot token in environment variable ${TOKEN_ENV}`,
    );
  });

  it('a Slack token that is not set names where to put it', async () => {
    setEnv({ [TOKEN_ENV]: undefined });
    try {
      const c = (await doctor()).by('slack');
      expect(c.ok).toBe(false);
      expect(c.detail).toMatch(/^the Slack bot token is not set/);
      expect(c.detail).toContain(`Fix: put the bot token (xoxb-...) in environment variable ${TOKEN_ENV}`);
    } finally {
      setEnv({ [TOKEN_ENV]: 'xoxb-doctor-test' });
    }
  });

  it('an unreachable endpoint is named, for each SDK', async () => {
    const port = await closedPort();
    const dead = `http://127.0.0.1:${port}`;
    setEnv({ AWS_ENDPOINT_URL_COST_EXPLORER: dead });
    try {
      const sources = config.sources as Record<string, Record<string, unknown>>;
      const r = await doctor({
        ...config,
        sources: { ...sources, gcp: { ...sources.gcp, endpoint: dead } },
        slack: { ...(config.slack as object), apiUrl: `${dead}/api/` },
      });
      expect(r.code).toBe(1);
      expect(r.by('aws.costExplorer').detail).toContain(`cannot reach ${dead} (ECONNREFUSED)`);
      expect(r.by('gcp.bigquery').detail).toContain(`cannot reach ${dead} (ECONNREFUSED)`);
      expect(r.by('slack').detail).toContain(`cannot reach ${dead}/api/ (ECONNREFUSED)`);
      expect(r.by('slack').detail).toContain(`Fix: make ${dead}/api/ reachable from this machine`);
      expect(r.by('azure.costManagement').ok).toBe(true);
    } finally {
      setEnv({ AWS_ENDPOINT_URL_COST_EXPLORER: clouds.env.AWS_ENDPOINT_URL_COST_EXPLORER });
    }
  });

  it('an endpoint that never answers fails after --timeout, naming the endpoint', async () => {
    clouds.aws.faults.faults = { hang: 1 };
    const r = await doctor(config, ['--timeout', '1']);
    const c = r.by('aws.costExplorer');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain(`no answer from ${clouds.aws.url} within 1.0 s`);
    expect(r.by('aws.ec2').ok).toBe(true);
  });
});

describe('doctor with nothing to check', () => {
  it('says so and exits 2', async () => {
    const r = await doctor({ attribution: SIM_ATTRIBUTION });
    expect(r.code).toBe(2);
    expect(r.err).toContain('nothing to check');
  });
});
