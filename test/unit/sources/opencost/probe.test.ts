import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../../../src/app/doctor.js';
import type { ClusterSpec } from '../../../../src/core/clusters/types.js';
import { startFakeOpenCost } from '../../../../src/sim/fakes/opencost.js';
import { openCostChecks } from '../../../../src/sources/opencost/probe.js';

const spec = (name: string, url?: string): ClusterSpec => ({
  name,
  cloud: 'aws',
  idle: 'separate',
  lines: [],
  ...(url ? { opencost: { url } } : {}),
});

describe('doctor: OpenCost', () => {
  it('checks each cluster with a URL: one answers, one does not, with the fix', async () => {
    const up = await startFakeOpenCost({ clusterId: 'a', allocations: () => [] });
    const gone = await startFakeOpenCost({ clusterId: 'b', allocations: () => [] });
    const goneUrl = gone.url;
    await gone.close();
    try {
      const checks = openCostChecks([spec('up', up.url), spec('down', goneUrl), spec('file-only')]);
      expect(checks.map((c) => c.name)).toEqual(['opencost.up', 'opencost.down']);
      const results = await runDoctor({ checks, timeoutMs: 3000 });
      expect(results[0], JSON.stringify(results[0])).toMatchObject({ name: 'opencost.up', ok: true });
      expect(up.queries[0]?.get('window')).toBe('1h');
      expect(results[1]).toMatchObject({ name: 'opencost.down', ok: false });
      expect(results[1]?.fix).toMatch(/port-forward svc\/opencost 9003/);
    } finally {
      await up.close();
    }
  });
});
