import { addDays } from '../core/day.js';
import { formatMoney, parseMoney } from '../core/money.js';
import { ACCOUNTS, accountOf, buildModels, type Cloud, type SimModel, STAGES, type Stage } from './org.js';
import { rng } from './rng.js';

/** One day of one model's stage on one service, as the simulated clouds bill it. */
export interface SpendRow {
  day: string;
  cloud: Cloud;
  account: string;
  region: string;
  service: string;
  /** Ground truth: whose spend this is. Undefined for spend nobody tagged. */
  model?: string;
  stage?: Stage;
  /** The tags (labels) as the cloud carries them: the org's keys, with messy values. */
  tags: Readonly<Record<string, string>>;
  currency: 'USD' | 'EUR';
  /** Decimal strings with 10 places. Billed = invoice (unblended / actual / cost). */
  billed: string;
  /** Amortized (AWS, Azure) or cost + credits (Google Cloud). */
  effective: string;
  /** Set on a shared cluster's rows (src/sim/clusters.ts): whose spend it is, part by part. */
  cluster?: string;
  parts?: readonly SpendPart[];
}

/** Whose spend part of a shared row is, as the world knows it (src/sim/clusters.ts). */
export interface SpendPart {
  model?: string;
  stage?: Stage;
  amount: string;
  /** Given by a config rule, not by OpenCost: the same before the split. */
  byRule?: true;
}

export type AnomalyKind = 'spike' | 'level-shift' | 'weekend-runaway' | 'drop' | 'new-series';

/** What the simulation injected, for checking the detector against. */
export interface InjectedAnomaly {
  model: string;
  stage: Stage;
  /** First day the anomaly shows. */
  day: string;
  kind: AnomalyKind;
}

export interface SimSpend {
  days: string[];
  models: SimModel[];
  rows: SpendRow[];
  anomalies: InjectedAnomaly[];
}

const SERVICES: Record<Cloud, { compute: string; platform: string; storage: string; network: string }> = {
  aws: {
    compute: 'Amazon Elastic Compute Cloud - Compute',
    platform: 'Amazon SageMaker',
    storage: 'Amazon Simple Storage Service',
    network: 'Amazon Virtual Private Cloud',
  },
  gcp: { compute: 'Compute Engine', platform: 'Vertex AI', storage: 'Cloud Storage', network: 'Networking' },
  azure: {
    compute: 'Virtual Machines',
    platform: 'Azure Machine Learning',
    storage: 'Storage',
    network: 'Virtual Network',
  },
};

/** How a stage's spend splits over services. */
const SERVICE_SHARE: Record<Stage, [keyof (typeof SERVICES)['aws'], number][]> = {
  train: [
    ['compute', 0.8],
    ['storage', 0.2],
  ],
  eval: [
    ['compute', 0.7],
    ['platform', 0.3],
  ],
  serve: [
    ['platform', 0.6],
    ['compute', 0.3],
    ['network', 0.1],
  ],
  dev: [['compute', 1]],
};

// Teams spell stages their own way; costguard's aliases map these back (see src/sim/world.ts config).
const STAGE_SPELLING: Record<Stage, readonly string[]> = {
  train: ['train', 'training'],
  eval: ['eval'],
  serve: ['serve', 'prod', 'production'],
  dev: ['dev', 'development'],
};

export const SUPPORT_FEE = '1500.0000000000';

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday

/** Money (12 places) per unit of the 10th decimal place. */
const TO_MONEY = 100n;

/** A non-negative amount as a decimal string with 10 places, the last 4 from the PRNG (exact sums matter). */
function tenPlaces(x: number, r: () => number): string {
  const units = BigInt(Math.max(0, Math.round(x * 1e6))) * 10_000n + BigInt(Math.floor(r() * 10_000));
  return formatMoney(units * TO_MONEY, 10);
}

function scaled(amount: string, factor: number): string {
  // Effective cost from billed by an exact rational factor (percent), truncated at 10 places.
  const units = parseMoney(amount) / TO_MONEY;
  return formatMoney(((units * BigInt(Math.round(factor * 100))) / 100n) * TO_MONEY, 10);
}

/**
 * 120 days of spend ending on `end` (inclusive). Weekly shape (dev goes quiet on weekends), slow trends
 * on serving, training bursts, noise, a support fee on the 1st of each month, untagged networking and
 * shared storage, a euro subscription, and five injected anomalies near the end.
 */
export function simulateSpend(seed: number, end: string, length = 120): SimSpend {
  const r = rng(seed * 7919 + 1);
  const days = Array.from({ length }, (_, i) => addDays(end, -(length - 1 - i)));
  const models = buildModels(seed, length);
  const anomalies: InjectedAnomaly[] = [];
  const last = length - 1;
  const lastSaturday =
    [...days.keys()].filter((i) => weekday(days[i] as string) === 6 && i < last - 1).at(-1) ?? last - 7;
  const inject: {
    model: string;
    stage: Stage;
    from: number;
    to: number;
    factor: number;
    kind: AnomalyKind;
  }[] = [
    { model: 'llama3-70b-chat', stage: 'serve', from: last - 3, to: last - 3, factor: 3.5, kind: 'spike' },
    { model: 'recsys-home', stage: 'serve', from: last - 9, to: last, factor: 1.9, kind: 'level-shift' },
    {
      model: 'yolo-shelf',
      stage: 'dev',
      from: lastSaturday,
      to: lastSaturday + 1,
      factor: 14,
      kind: 'weekend-runaway',
    },
    { model: 'fraud-gbdt', stage: 'serve', from: last - 1, to: last, factor: 0.3, kind: 'drop' },
  ];
  for (const a of inject) {
    const m = models.find((x) => x.name === a.model);
    if (m?.placement[a.stage])
      anomalies.push({ model: a.model, stage: a.stage, day: days[a.from] as string, kind: a.kind });
  }
  for (const m of models.filter((x) => x.startDay > 0)) {
    anomalies.push({ model: m.name, stage: 'train', day: days[m.startDay] as string, kind: 'new-series' });
  }

  const rows: SpendRow[] = [];
  for (const m of models) {
    const spelling = Object.fromEntries(
      STAGES.map((s) => [s, STAGE_SPELLING[s][Math.floor(r() * STAGE_SPELLING[s].length)] as string]),
    );
    let burst = 1;
    for (const [i, day] of days.entries()) {
      if (i < m.startDay) continue;
      if (i % 5 === 0) burst = r() < 0.4 ? 1.7 : 0.5; // training runs come in blocks of days
      for (const stage of STAGES) {
        const p = m.placement[stage];
        if (!p) continue;
        const wd = weekday(day);
        const weekend = wd === 0 || wd === 6;
        let level = p.dailyBase;
        if (stage === 'serve') level *= (weekend ? 0.85 : 1) * (1 + 0.0015 * i);
        if (stage === 'dev') level *= weekend ? 0.08 : 1;
        if (stage === 'train') level *= burst;
        if (stage === 'eval') level *= burst > 1 ? 1.3 : 0.8;
        for (const a of inject) {
          if (a.model === m.name && a.stage === stage && i >= a.from && i <= a.to) level *= a.factor;
        }
        const account = accountOf(p.account);
        for (const [svc, share] of SERVICE_SHARE[stage]) {
          const billed = tenPlaces(level * share * (1 + 0.1 * (r() - 0.5)), r);
          rows.push({
            day,
            cloud: p.cloud,
            account: p.account,
            region: p.region,
            service: SERVICES[p.cloud][svc],
            model: m.name,
            stage,
            tags: { model: m.name, stage: spelling[stage] as string },
            currency: account.currency,
            billed,
            effective: effectiveOf(p.cloud, svc, stage, billed),
          });
        }
      }
    }
  }
  for (const account of ACCOUNTS) {
    for (const [i, day] of days.entries()) {
      // Shared networking and storage nobody tags: the untagged share the rollup must show.
      const region =
        account.cloud === 'aws' ? 'us-east-1' : account.cloud === 'gcp' ? 'us-central1' : 'eastus';
      const billed = tenPlaces(40 + 10 * r() + 0.05 * i, r);
      rows.push({
        day,
        cloud: account.cloud,
        account: account.id,
        region,
        service: SERVICES[account.cloud].network,
        tags: {},
        currency: account.currency,
        billed,
        effective: billed,
      });
      if (account.id === '210987654321' && day.endsWith('-01')) {
        rows.push({
          day,
          cloud: 'aws',
          account: account.id,
          region: '',
          service: 'AWS Support (Business)',
          tags: {},
          currency: 'USD',
          billed: SUPPORT_FEE,
          effective: SUPPORT_FEE,
        });
      }
    }
  }
  return { days, models, rows, anomalies };
}

/** Savings Plans cover AWS training compute; GCP sustained-use credits; Azure reserved serving VMs. */
function effectiveOf(cloud: Cloud, svc: string, stage: Stage, billed: string): string {
  if (svc !== 'compute') return billed;
  if (cloud === 'aws' && stage === 'train') return scaled(billed, 0.72);
  if (cloud === 'gcp') return scaled(billed, 0.96);
  if (cloud === 'azure' && stage === 'serve') return scaled(billed, 0.8);
  return billed;
}
