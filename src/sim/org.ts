import type { CloudId } from '../core/providers.js';
import { rng } from './rng.js';
/**
 * The simulated ML organisation behind `npm start` and the end-to-end tests: who runs which model in
 * which stage on which cloud account. Plain data, built from a seed; src/sim/spend.ts turns it into
 * 120 days of daily spend and the cloud fakes serve that spend in each cloud's wire format.
 */

export type Cloud = CloudId;
export type Stage = 'train' | 'eval' | 'serve' | 'dev';
export const STAGES: readonly Stage[] = ['train', 'eval', 'serve', 'dev'];

export interface SimModel {
  name: string;
  kind: 'llm' | 'recommender' | 'fraud' | 'vision' | 'speech' | 'forecasting';
  /** Where each stage runs. A model may train on one cloud and serve on another. */
  placement: Partial<Record<Stage, Placement>>;
  /** The day (index into the world's days) the model starts spending; 0 for existing models. */
  startDay: number;
}

export interface Placement {
  cloud: Cloud;
  /** AWS account id, GCP project id, or Azure subscription id. */
  account: string;
  region: string;
  /** Typical daily spend in the account's currency, before weekly shape, trend and noise. */
  dailyBase: number;
}

export interface SimAccount {
  cloud: Cloud;
  id: string;
  name: string;
  currency: 'USD' | 'EUR';
}

export const ACCOUNTS: readonly SimAccount[] = [
  { cloud: 'aws', id: '210987654321', name: 'ml-prod', currency: 'USD' },
  { cloud: 'aws', id: '310987654321', name: 'ml-research', currency: 'USD' },
  { cloud: 'aws', id: '410987654321', name: 'ml-sandbox', currency: 'USD' },
  { cloud: 'gcp', id: 'helix-serving', name: 'Helix Serving', currency: 'USD' },
  { cloud: 'gcp', id: 'helix-research', name: 'Helix Research', currency: 'USD' },
  { cloud: 'azure', id: '7a1c0e52-0000-4000-8000-00000000a001', name: 'ml-platform-us', currency: 'USD' },
  // The European subsidiary's subscription bills in euros: reports never add it to dollars.
  { cloud: 'azure', id: '7a1c0e52-0000-4000-8000-00000000e002', name: 'ml-platform-eu', currency: 'EUR' },
];

const REGIONS: Record<Cloud, readonly string[]> = {
  aws: ['us-east-1', 'us-west-2', 'eu-west-1'],
  gcp: ['us-central1', 'europe-west4'],
  azure: ['eastus', 'westeurope'],
};

const MODELS: readonly [string, SimModel['kind']][] = [
  ['llama3-70b-chat', 'llm'],
  ['llama3-8b-support', 'llm'],
  ['mistral-7b-summarize', 'llm'],
  ['gemma-2b-edge', 'llm'],
  ['codegen-13b', 'llm'],
  ['recsys-home', 'recommender'],
  ['recsys-search', 'recommender'],
  ['ads-ranker', 'recommender'],
  ['fraud-gbdt', 'fraud'],
  ['fraud-graph', 'fraud'],
  ['kyc-docs', 'vision'],
  ['yolo-shelf', 'vision'],
  ['clip-catalog', 'vision'],
  ['sam-medical', 'vision'],
  ['whisper-calls', 'speech'],
  ['tts-voice', 'speech'],
  ['demand-forecast', 'forecasting'],
  ['churn-predict', 'forecasting'],
  ['pricing-elastic', 'forecasting'],
];

/** Daily spend scale per kind and stage, in the account currency. */
const SCALE: Record<SimModel['kind'], number> = {
  llm: 900,
  recommender: 400,
  fraud: 150,
  vision: 300,
  speech: 250,
  forecasting: 60,
};
const STAGE_SHARE: Record<Stage, number> = { train: 1.0, eval: 0.25, serve: 0.8, dev: 0.15 };

/**
 * Twenty models: nineteen that exist for the whole period and one, `agent-planner`, that starts
 * spending on day 100 (a new series from zero). Every model serves; most train and have dev boxes.
 */
export function buildModels(seed: number, days: number): SimModel[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const accountsOf = (cloud: Cloud) => ACCOUNTS.filter((a) => a.cloud === cloud);
  const models: SimModel[] = MODELS.map(([name, kind], i) => {
    const home: Cloud = i % 3 === 0 ? 'aws' : i % 3 === 1 ? 'gcp' : 'azure';
    const placement: SimModel['placement'] = {};
    for (const stage of STAGES) {
      if (stage === 'eval' && r() < 0.3) continue;
      if (stage === 'dev' && r() < 0.2) continue;
      // Training sometimes happens where the GPUs are cheapest: another cloud than serving.
      const cloud: Cloud = stage === 'train' && r() < 0.3 ? pick(['aws', 'gcp', 'azure'] as const) : home;
      const account = pick(accountsOf(cloud));
      placement[stage] = {
        cloud,
        account: account.id,
        region: pick(REGIONS[cloud]),
        dailyBase: Math.round(SCALE[kind] * STAGE_SHARE[stage] * (0.5 + r()) * 100) / 100,
      };
    }
    return { name, kind, placement, startDay: 0 };
  });
  models.push({
    name: 'agent-planner',
    kind: 'llm',
    placement: {
      train: { cloud: 'aws', account: '310987654321', region: 'us-east-1', dailyBase: 700 },
      serve: { cloud: 'aws', account: '210987654321', region: 'us-east-1', dailyBase: 300 },
    },
    startDay: Math.min(100, days - 5),
  });
  return models;
}

export function accountOf(id: string): SimAccount {
  const a = ACCOUNTS.find((x) => x.id === id);
  if (!a) throw new Error(`unknown simulated account ${id}`);
  return a;
}
