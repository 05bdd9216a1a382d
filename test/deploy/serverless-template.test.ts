import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { grants as detectGrants } from '../../functions/detect.js';
import { grants as idleGrants } from '../../functions/idle-sweep.js';
import { grants as ingestGrants } from '../../functions/ingest.js';
import { grants as rollupGrants } from '../../functions/rollup.js';
import { grants as slackGrants } from '../../functions/slack.js';
import { grants as workerGrants } from '../../functions/slack-worker.js';
import type { IamGrant } from '../../src/core/permissions.js';
import { grantKeys } from '../../src/lambda/grants.js';
import { tableDefinition } from '../../src/store/dynamodb/table.js';
import { type CfnTemplate, packageService, ROOT } from './package.js';

// `npx serverless package` offline, then the generated CloudFormation template and the artifacts.
const FUNCTIONS: Record<string, { logicalId: string; handler: string; grants: readonly IamGrant[] }> = {
  ingest: { logicalId: 'IngestLambdaFunction', handler: 'functions/ingest.handler', grants: ingestGrants },
  detect: { logicalId: 'DetectLambdaFunction', handler: 'functions/detect.handler', grants: detectGrants },
  rollup: { logicalId: 'RollupLambdaFunction', handler: 'functions/rollup.handler', grants: rollupGrants },
  idleSweep: {
    logicalId: 'IdleSweepLambdaFunction',
    handler: 'functions/idle-sweep.handler',
    grants: idleGrants,
  },
  slack: { logicalId: 'SlackLambdaFunction', handler: 'functions/slack.handler', grants: slackGrants },
  slackWorker: {
    logicalId: 'SlackWorkerLambdaFunction',
    handler: 'functions/slack-worker.handler',
    grants: workerGrants,
  },
};
const NAMES = {
  service: 'costguard',
  stage: 'dev',
  parameterPrefix: '/costguard/dev',
  tableLogicalId: 'CostguardTable',
  pagesLogicalId: 'CostguardPages',
};
/** The Slack function must stay small: its cold start is on a user's 3-second clock. */
const SLACK_BUNDLE_BUDGET = 1.5 * 1024 * 1024;

let t: CfnTemplate;
beforeAll(async () => {
  // The rollup's schedule comes from this config's slack.rollup (18:00 Asia/Tokyo).
  t = await packageService('dev', ['--param', 'config=test/fixtures/deploy/rollup.config.yaml']);
}, 240_000);

const ofType = (type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** (effect, action, resource, condition) a role grants, in the same form as grantKeys. */
function roleKeys(roleId: string): Set<string> {
  const role = t.Resources[roleId];
  const out = new Set<string>();
  for (const p of (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]) {
    for (const s of p.PolicyDocument.Statement) {
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      for (const a of actions)
        for (const r of resources) out.add(JSON.stringify([s.Effect, a, r, s.Condition ?? null]));
    }
  }
  return out;
}

describe('serverless.yml packaged offline', () => {
  it('has the six functions on nodejs22.x arm64, each with its own role and no secret in its environment', () => {
    const fns = ofType('AWS::Lambda::Function');
    expect(fns.map(([id]) => id).sort()).toEqual(
      Object.values(FUNCTIONS)
        .map((f) => f.logicalId)
        .sort(),
    );
    for (const f of Object.values(FUNCTIONS)) {
      const p = t.Resources[f.logicalId]?.Properties as Record<string, unknown>;
      expect(p.Handler).toBe(f.handler);
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      const vars = (p.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(vars).sort()).toEqual(
        expect.arrayContaining(['COSTGUARD_PARAMETER_PREFIX', 'COSTGUARD_STAGE', 'COSTGUARD_TABLE']),
      );
      for (const k of Object.keys(vars)) expect(k).not.toMatch(/SECRET|TOKEN|KEY|PASSWORD/);
    }
  });

  it("schedules ingest every 6 hours, idleSweep every 15 minutes, the rollup at the config's hour in its zone", () => {
    const rules = Object.fromEntries(
      ofType('AWS::Events::Rule').map(([, r]) => [
        JSON.stringify(r.Properties.Targets),
        r.Properties.ScheduleExpression,
      ]),
    );
    const target = (id: string) => Object.entries(rules).find(([k]) => k.includes(id))?.[1];
    expect(target('IngestLambdaFunction')).toBe('rate(6 hours)');
    const schedules = ofType('AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    const of = (id: string) => schedules.filter((p) => JSON.stringify(p.Target).includes(id));
    expect(of('IdleSweepLambdaFunction').map((p) => p.ScheduleExpression)).toEqual(['rate(15 minutes)']);
    // EventBridge Scheduler runs the cron in the zone, daylight saving included; invoked with the
    // function's own role, which trusts the Scheduler and may invoke only this function.
    expect(
      of('RollupLambdaFunction').map((p) => [p.ScheduleExpression, p.ScheduleExpressionTimezone]),
    ).toEqual([['cron(0 18 * * ? *)', 'Asia/Tokyo']]);
    expect(JSON.stringify(of('RollupLambdaFunction')[0]?.Target)).toContain('RollupRole');
    expect(JSON.stringify(t.Resources.RollupRole?.Properties.AssumeRolePolicyDocument)).toContain(
      'scheduler.amazonaws.com',
    );
    expect(target('RollupLambdaFunction')).toBeUndefined();
  });

  it('chains detect after a successful ingest (Lambda Destinations)', () => {
    const conf = ofType('AWS::Lambda::EventInvokeConfig').find(([id]) => id.startsWith('Ingest'))?.[1];
    expect(conf?.Properties.DestinationConfig).toEqual({
      OnSuccess: { Destination: { 'Fn::GetAtt': ['DetectLambdaFunction', 'Arn'] } },
    });
  });

  it('routes POST /slack/events on the HTTP API to the slack function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(routes).toEqual(['POST /slack/events']);
    const integration = ofType('AWS::ApiGatewayV2::Integration')[0]?.[1];
    expect(JSON.stringify(integration?.Properties.IntegrationUri)).toContain('SlackLambdaFunction');
  });

  it('declares the table the store expects: on demand, PITR on, TTL on expiresAt', () => {
    const p = t.Resources.CostguardTable?.Properties as Record<string, unknown>;
    const def = tableDefinition('costguard-dev');
    expect(p.TableName).toBe('costguard-dev');
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.AttributeDefinitions).toEqual(def.AttributeDefinitions);
    expect(p.KeySchema).toEqual(def.KeySchema);
    expect(p.GlobalSecondaryIndexes).toEqual(def.GlobalSecondaryIndexes);
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('keeps the report pages in a private, encrypted bucket that forgets them after 30 days', () => {
    const p = t.Resources.CostguardPages?.Properties as Record<string, unknown>;
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(p.BucketEncryption)).toContain('AES256');
    expect(p.LifecycleConfiguration).toMatchObject({ Rules: [{ Status: 'Enabled', ExpirationInDays: 30 }] });
    expect(JSON.stringify(t.Resources.RollupLambdaFunction?.Properties)).toContain('CostguardPages');
  });

  it('grants each function exactly the union of what its adapters declare', () => {
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      const ref = t.Resources[f.logicalId]?.Properties.Role as { 'Fn::GetAtt': string[] } | undefined;
      const role = ref?.['Fn::GetAtt'][0];
      expect(role, name).toBeDefined();
      expect([...roleKeys(role as string)].sort(), name).toEqual([...grantKeys(f.grants, NAMES)].sort());
    }
  });

  it('builds one minified, source-mapped bundle per function; the Slack one within its budget', () => {
    for (const [name, f] of Object.entries(FUNCTIONS)) {
      const file = `${f.handler.slice(0, f.handler.lastIndexOf('.'))}.mjs`;
      const bundle = join(ROOT, '.build', name, file);
      expect(statSync(join(ROOT, '.build', `${name}.zip`)).size).toBeGreaterThan(0);
      expect(readFileSync(`${bundle}.map`, 'utf8')).toContain('"mappings"');
      if (name === 'slack') expect(statSync(bundle).size).toBeLessThan(SLACK_BUNDLE_BUDGET);
    }
  });

  it('runs the packaged Slack bundle (Bolt with its stubbed modules) on a signed request', async () => {
    // Prepare: the minified bundle itself, as Lambda loads it.
    const bundle = join(ROOT, '.build', 'slack', 'functions', 'slack.mjs');
    const m = (await import(bundle)) as typeof import('../../functions/slack.js');
    const h = m.makeHandler(async () => ({
      signingSecret: 'bundle-secret',
      botToken: 'xoxb-bundle',
      deps: {} as Parameters<typeof m.makeHandler>[0] extends () => Promise<infer D>
        ? D extends { deps: infer S }
          ? S
          : never
        : never,
    }));
    const body = JSON.stringify({ type: 'url_verification', challenge: 'bundled' });
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v0=${createHmac('sha256', 'bundle-secret').update(`v0:${ts}:${body}`).digest('hex')}`;
    const event = (signature: string) => ({
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      requestContext: { http: { method: 'POST', path: '/slack/events' } },
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
      body,
      isBase64Encoded: false,
    });
    // Act
    const ok = await h(event(sig));
    const forged = await h(event(`v0=${'0'.repeat(64)}`));
    // Assess
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body ?? '')).toEqual({ challenge: 'bundled' });
    expect(forged.statusCode).toBe(401);
  });
});
