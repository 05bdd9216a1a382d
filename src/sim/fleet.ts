import { daysBefore } from '../core/day.js';
import { createFleetWorld, type FleetWorld, type SimVm } from './fakes/fleet-world.js';
import type { FleetScope } from './fleet-clouds.js';
import { accountOf, type SimModel, type Stage } from './org.js';
import { rng } from './rng.js';

/** Why the simulation put each GPU machine in the fleet: what the day-end sweep should decide. */
export type FleetCase = 'busy' | 'idle' | 'untagged' | 'exempt' | 'managed' | 'no-metrics';

export interface SimFleet {
  world: FleetWorld;
  scope: FleetScope;
  /** instance id -> the case it stands for (the sweep's expected decision follows from it). */
  cases: Record<string, FleetCase>;
  /** Team schedules for the idle config: Tokyo and New York teams beside the Berlin default. */
  schedules: { name: string; match: Record<string, string>; timeZone: string }[];
}

const TYPES: Record<SimVm['provider'], Partial<Record<Stage, string>>> = {
  aws: { train: 'p4d.24xlarge', eval: 'g5.12xlarge', serve: 'g5.xlarge', dev: 'g5.xlarge' },
  gcp: { train: 'a2-highgpu-8g', eval: 'a2-highgpu-1g', serve: 'a2-highgpu-1g', dev: 'a2-highgpu-1g' },
  azure: {
    train: 'Standard_ND96asr_v4',
    eval: 'Standard_NC24ads_A100_v4',
    serve: 'Standard_NC6s_v3',
    dev: 'Standard_NC4as_T4_v3',
  },
};

const ZONE: Record<SimVm['provider'], (region: string) => string> = {
  aws: (r) => `${r}a`,
  gcp: (r) => `${r}-a`,
  azure: (r) => r,
};

const TEAMS = ['research', 'nlp', 'ads'] as const;

/**
 * The GPU machines behind the organisation's compute spend: one per model stage that runs on compute
 * (train, eval, dev; serving sits behind managed groups), on the account and region that bills it.
 * Most are busy; a seeded few are idle dev boxes, untagged experiments, exempt or in managed groups.
 */
export function buildFleet(seed: number, models: readonly SimModel[], now: string): SimFleet {
  const r = rng(seed * 31 + 7);
  const vms: SimVm[] = [];
  const cases: Record<string, FleetCase> = {};
  const launchedAt = daysBefore(new Date(now), 3).toISOString();
  let n = 0;
  for (const m of models) {
    for (const stage of ['train', 'eval', 'serve', 'dev'] as const) {
      const p = m.placement[stage];
      if (!p) continue;
      n += 1;
      const provider = p.cloud;
      const team = TEAMS[n % TEAMS.length] as string;
      const owner = `${team}-lead@helix.example`;
      const roll = r();
      // Serving runs in auto-scaling groups; dev boxes are the ones left idle overnight.
      const kind: FleetCase =
        stage === 'serve'
          ? 'managed'
          : stage === 'dev' && roll < 0.45
            ? 'idle'
            : roll < 0.1
              ? 'untagged'
              : roll < 0.16
                ? 'exempt'
                : roll < 0.2
                  ? 'no-metrics'
                  : 'busy';
      const id = provider === 'aws' ? `i-0${String(n).padStart(16, '0')}` : `${m.name}-${stage}`.slice(0, 60);
      const tags: Record<string, string> =
        kind === 'untagged' ? { owner, team } : { model: m.name, stage, owner, team };
      if (kind === 'exempt') tags[provider === 'gcp' ? 'costguard-exempt' : 'costguard:exempt'] = 'true';
      if (kind === 'managed') {
        if (provider === 'aws') tags['aws:autoscaling:groupName'] = `${m.name}-serve`;
      }
      const gpu = kind === 'idle' || kind === 'exempt' ? 0.5 : 55 + 40 * r();
      vms.push({
        provider,
        account: provider === 'aws' ? '210987654321' : p.account,
        zone: ZONE[provider](provider === 'aws' ? 'us-east-1' : p.region),
        id,
        name: `${m.name}-${stage}`,
        type: TYPES[provider][stage] as string,
        state: 'running',
        tags: provider === 'gcp' ? labels(tags) : tags,
        launchedAt,
        ...(kind === 'managed' && provider === 'gcp'
          ? { controller: `projects/1/zones/${p.region}-a/instanceGroupManagers/${m.name}-serve` }
          : {}),
        ...(kind === 'managed' && provider === 'azure'
          ? {
              controller: `/subscriptions/${p.account}/resourceGroups/ml/providers/Microsoft.Compute/virtualMachineScaleSets/${m.name}-serve`,
            }
          : {}),
        metrics:
          kind === 'no-metrics'
            ? {}
            : { gpu, cpu: kind === 'idle' ? 1 : 35, networkIn: kind === 'idle' ? 300 : 4e6 },
      });
      cases[provider === 'azure' ? `ml/${id}` : id] = kind;
    }
  }
  const scope: FleetScope = {
    awsRegions: ['us-east-1'],
    gcpProjects: [...new Set(vms.filter((v) => v.provider === 'gcp').map((v) => v.account))].sort(),
    azureSubscriptions: [...new Set(vms.filter((v) => v.provider === 'azure').map((v) => v.account))].sort(),
  };
  for (const id of [...scope.gcpProjects, ...scope.azureSubscriptions]) accountOf(id); // all known accounts
  return {
    world: createFleetWorld(vms, { pageSize: 25 }),
    scope,
    cases,
    schedules: [
      { name: 'nlp-tokyo', match: { team: 'nlp' }, timeZone: 'Asia/Tokyo' },
      { name: 'ads-new-york', match: { team: 'ads' }, timeZone: 'America/New_York' },
    ],
  };
}

/** Google Cloud labels: lowercase letters, digits, `-` and `_` only (no `@`, `.` or `:`). */
function labels(tags: Record<string, string>): Record<string, string> {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [clean(k), clean(v)]));
}
