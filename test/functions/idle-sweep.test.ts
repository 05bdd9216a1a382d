import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleSweeper, makeHandler } from '../../functions/idle-sweep.js';
import { parseConfig } from '../../src/config/load.js';
import { fleetsFromConfig } from '../../src/fleet/registry.js';
import { callsTo, type FleetWorld } from '../../src/sim/fakes/fleet-world.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { type Clouds, startClouds } from '../../src/sim/fleet-clouds.js';
import { slackNotifier } from '../../src/slack/idle-notifier.js';
import { OwnerDirectory } from '../../src/slack/owners.js';
import { slackSettings } from '../../src/slack/settings.js';
import { DynamoDbIdleAuditLog } from '../../src/store/dynamodb/dynamodb-idle-audit-log.js';
import { EXPECTED_STOPS, IDLE_SCOPE, idleWorld } from '../e2e/idle-world.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { event, memoryLogger } from './events.js';

// The scheduled idleSweep handler on the real sweep: the SDK clients against the cloud fakes, the
// audit log in DynamoDB (dynalite), warnings through the Slack Web API (local fake).
let world: FleetWorld;
let clouds: Clouds;
let dynamo: LocalDynamo;
let api: FakeSlackApi;
let caDir: string;

beforeAll(async () => {
  caDir = mkdtempSync(join(tmpdir(), 'costguard-fn-idle-'));
  world = idleWorld();
  clouds = await startClouds(() => world, caDir, IDLE_SCOPE);
  dynamo = await startDynalite();
  api = await startFakeSlackApi({});
});
afterAll(async () => {
  await Promise.all([clouds.close(), dynamo.close(), api.close()]);
  rmSync(caDir, { recursive: true, force: true });
});

describe('idleSweep handler', () => {
  it('warns in Slack, stops after the lead time in enforce mode, audits to DynamoDB, and a re-run does nothing', async () => {
    // Prepare
    const config = parseConfig({
      idle: { ...clouds.config, mode: 'enforce' },
      slack: { channel: 'C0IDLE', owners: { ana: 'U0ANA' } },
    });
    const t = await dynamo.createTable();
    const client = new webApi.WebClient('xoxb-fn', { slackApiUrl: api.apiUrl });
    const settings = slackSettings(config);
    const audit = new DynamoDbIdleAuditLog(t);
    const sweeper = idleSweeper({
      config,
      fleets: fleetsFromConfig(config.idle),
      audit,
      notifier: slackNotifier(client, settings, new OwnerDirectory(client, settings.owners)),
    });
    const at = (iso: string) =>
      makeHandler(async () => ({ sweeper, clock: { now: () => new Date(iso) }, log: memoryLogger() }));
    // Act
    const warned = await at('2026-11-23T18:45:00Z')(event('scheduler-input'));
    const stopped = await at('2026-11-23T19:15:00Z')(event('scheduler-input'));
    const again = await at('2026-11-23T19:15:00Z')({});
    // Assess
    expect(warned).toMatchObject({ swept: true, warned: EXPECTED_STOPS.length, stopped: 0, halted: false });
    expect(api.callsTo('chat.postMessage')).toHaveLength(EXPECTED_STOPS.length);
    expect(stopped).toMatchObject({ swept: true, stopped: EXPECTED_STOPS.length, failed: 0 });
    expect(again).toMatchObject({ swept: true, stopped: 0, warned: 0 });
    expect(callsTo(world, 'StopInstances')).toHaveLength(3);
    const log = await audit.list({ since: '2026-11-23T19:00:00.000Z' });
    expect(
      log
        .filter((e) => e.result === 'stopped')
        .map((e) => `${e.provider}:${e.instanceId}`)
        .sort(),
    ).toEqual(EXPECTED_STOPS);
  }, 60_000);

  it('caps the stops of a day across sweeps, in the DynamoDB audit log', async () => {
    // Prepare: a fresh fleet; 3 AWS stops in one sweep, then 4 more would pass the cap of 5.
    world = idleWorld();
    const config = parseConfig({ idle: { ...clouds.config, mode: 'enforce', maxStops: 5 } });
    const audit = new DynamoDbIdleAuditLog(await dynamo.createTable());
    const sweeper = (providers?: string[]) =>
      idleSweeper({
        config,
        fleets: fleetsFromConfig(config.idle, providers),
        audit,
        notifier: { warn: async () => {}, alert: async () => {} },
      });
    // Act
    await sweeper().sweep(new Date('2026-11-23T18:45:00Z'), 'schedule');
    const first = await sweeper(['aws']).sweep(new Date('2026-11-23T19:15:00Z'), 'schedule');
    const second = await sweeper().sweep(new Date('2026-11-23T19:30:00Z'), 'schedule');
    // Assess
    expect(first).toMatchObject({ stopped: 3, halted: false });
    expect(second).toMatchObject({ stopped: 0, halted: true });
    expect(world.vms.filter((v) => v.state === 'stopped')).toHaveLength(3 + 1);
  }, 60_000);
});
