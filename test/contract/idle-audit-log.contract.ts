import { expect, it } from 'vitest';
import type { IdleAuditEntry, IdleAuditLog } from '../../src/core/idle/ports.js';
import { parseMoney } from '../../src/core/money.js';
import { contractSuite, type Harness } from '../helpers/store-harness.js';

const entry = (over: Partial<IdleAuditEntry> = {}): IdleAuditEntry => ({
  runId: 'run-1',
  at: '2026-11-23T19:00:00.000Z',
  actor: 'cli:ana',
  mode: 'enforce',
  provider: 'aws',
  account: '111122223333',
  region: 'us-east-1',
  instanceId: 'i-1',
  instanceType: 'p4d.24xlarge',
  action: 'stop',
  reasons: ['untagged:model', 'idle:gpu'],
  result: 'stopped',
  hourlyCost: parseMoney('32.7726'),
  currency: 'USD',
  savingsPerDay: parseMoney('786.5424'),
  owner: 'ana@example.com',
  model: 'llama-ft',
  stage: 'train',
  gpus: 8,
  ...over,
});

/** The IdleAuditLog contract: every implementation (DuckDB, DynamoDB) runs this suite. */
export function idleAuditLogContract(name: string, makeHarness: () => Promise<Harness<IdleAuditLog>>): void {
  contractSuite(`IdleAuditLog contract: ${name}`, makeHarness, (t) => {
    it('starts empty', async () => {
      expect(await t.store.list()).toEqual([]);
      expect(await t.store.warnings('2000-01-01T00:00:00.000Z')).toEqual(new Map());
    });

    it('returns entries exactly, in the order written, money to the last digit, and survives a reopen', async () => {
      // Prepare
      const a = entry();
      const b = entry({
        instanceId: 'i-2',
        action: 'keep',
        reasons: [],
        result: 'failed',
        error: 'UnsupportedOperation: no',
        hourlyCost: undefined,
        savingsPerDay: 0n,
      });
      delete b.hourlyCost;
      for (const k of ['owner', 'model', 'stage', 'gpus'] as const) delete b[k];
      const c = entry({
        at: '2026-11-23T18:45:00.000Z',
        instanceId: 'i-3',
        action: 'warn',
        result: 'warned',
      });
      // Act
      await t.store.append([a, b]);
      await t.store.append([c]);
      await t.store.append([]);
      // Assess
      expect(await t.store.list()).toEqual([a, b, c]);
      expect(await (await t.h.reopen()).list()).toEqual([a, b, c]);
    });

    it('filters by time and by instance', async () => {
      await t.store.append([
        entry({ at: '2026-11-22T19:00:00.000Z' }),
        entry({ at: '2026-11-23T19:00:00.000Z' }),
        entry({ at: '2026-11-23T19:00:00.000Z', region: 'eu-west-1' }),
      ]);
      expect(await t.store.list({ since: '2026-11-23T00:00:00.000Z' })).toHaveLength(2);
      expect(await t.store.list({ instanceKey: 'aws:111122223333:eu-west-1:i-1' })).toHaveLength(1);
    });

    it('gives a claim to exactly one of many concurrent claimants', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.store.claim('stop:k:2026-11-23', `run-${i}`, '2026-11-23T19:00:00.000Z'),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await t.store.claim('stop:k:2026-11-23', 'run-9', '2026-11-23T19:15:00.000Z')).toBe(false);
      expect(await t.store.claim('stop:k:2026-11-24', 'run-9', '2026-11-24T19:00:00.000Z')).toBe(true);
    });

    it('lets only the holder release a claim, after which it can be taken again', async () => {
      expect(await t.store.claim('k', 'run-1', '2026-11-23T19:00:00.000Z')).toBe(true);
      await t.store.release('k', 'run-2');
      expect(await t.store.claim('k', 'run-3', '2026-11-23T19:00:00.000Z')).toBe(false);
      await t.store.release('k', 'run-1');
      expect(await t.store.claim('k', 'run-3', '2026-11-23T19:00:00.000Z')).toBe(true);
    });

    it("counts the day's enforced stops: not dry runs, failures, skips or other days", async () => {
      expect(await t.store.stopsOn('2026-11-23')).toBe(0);
      await t.store.append([
        entry({ at: '2026-11-23T00:00:00.000Z', instanceId: 'i-1' }),
        entry({ at: '2026-11-23T19:15:00.000Z', instanceId: 'i-2' }),
        entry({ at: '2026-11-23T23:59:59.999Z', instanceId: 'i-3' }),
        entry({ at: '2026-11-23T19:15:00.000Z', instanceId: 'i-4', mode: 'dry-run', result: 'planned' }),
        entry({ at: '2026-11-23T19:15:00.000Z', instanceId: 'i-5', result: 'failed' }),
        entry({ at: '2026-11-23T19:15:00.000Z', instanceId: 'i-6', result: 'skipped' }),
        entry({ at: '2026-11-23T19:15:00.000Z', instanceId: 'i-7', result: 'halted' }),
        entry({ at: '2026-11-23T19:15:00.000Z', instanceId: 'i-8', action: 'warn', result: 'warned' }),
        entry({ at: '2026-11-22T23:59:59.999Z', instanceId: 'i-9' }),
        entry({ at: '2026-11-24T00:00:00.000Z', instanceId: 'i-10' }),
      ]);
      await t.store.append([entry({ at: '2026-11-23T21:00:00.000Z', instanceId: 'i-11' })]);
      expect(await t.store.stopsOn('2026-11-23')).toBe(4);
      expect(await t.store.stopsOn('2026-11-22')).toBe(1);
      expect(await t.store.stopsOn('2026-11-25')).toBe(0);
      expect(await (await t.h.reopen()).stopsOn('2026-11-23')).toBe(4);
    });

    it('records the rule that stopped or warned each instance, and filters warnings by rule', async () => {
      // Prepare: a busy untagged instance warned then stopped, an idle one warned by another rule
      const busyWarn = entry({
        action: 'warn',
        result: 'warned',
        rule: 'untagged-busy',
        at: '2026-11-23T18:30:00.000Z',
      });
      const busyStop = entry({
        rule: 'untagged-busy',
        reasons: ['untagged:model', 'untagged:stage', 'busy'],
      });
      const idleWarn = entry({
        instanceId: 'i-2',
        action: 'warn',
        result: 'warned',
        rule: 'idle',
        at: '2026-11-23T18:40:00.000Z',
      });
      const kept = entry({ instanceId: 'i-3', action: 'keep', result: 'kept', reasons: ['busy'] });
      // Act
      await t.store.append([busyWarn, busyStop, idleWarn, kept]);
      // Assess: the rule reads back as written (absent where there is none), after a reopen too
      expect((await t.store.list()).map((e) => e.rule)).toEqual([
        'untagged-busy',
        'untagged-busy',
        'idle',
        undefined,
      ]);
      const since = '2026-11-23T00:00:00.000Z';
      expect(await t.store.warnings(since, 'untagged-busy')).toEqual(
        new Map([['aws:111122223333:us-east-1:i-1', '2026-11-23T18:30:00.000Z']]),
      );
      expect(await t.store.warnings(since, 'idle')).toEqual(
        new Map([['aws:111122223333:us-east-1:i-2', '2026-11-23T18:40:00.000Z']]),
      );
      expect((await t.store.warnings(since)).size).toBe(2);
      expect(await (await t.h.reopen()).list()).toEqual([busyWarn, busyStop, idleWarn, kept]);
    });

    it('reports the latest successful warning per instance since a time', async () => {
      await t.store.append([
        entry({ action: 'warn', result: 'warned', at: '2026-11-20T18:30:00.000Z' }),
        entry({ action: 'warn', result: 'warned', at: '2026-11-23T18:30:00.000Z' }),
        entry({ action: 'warn', result: 'warned', at: '2026-11-23T18:45:00.000Z', instanceId: 'i-2' }),
        entry({ action: 'warn', result: 'failed', at: '2026-11-23T18:50:00.000Z', instanceId: 'i-3' }),
        entry({ action: 'warn', result: 'planned', at: '2026-11-23T18:50:00.000Z', instanceId: 'i-4' }),
      ]);
      expect(await t.store.warnings('2026-11-21T00:00:00.000Z')).toEqual(
        new Map([
          ['aws:111122223333:us-east-1:i-1', '2026-11-23T18:30:00.000Z'],
          ['aws:111122223333:us-east-1:i-2', '2026-11-23T18:45:00.000Z'],
        ]),
      );
    });
  });
}
