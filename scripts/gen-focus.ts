// Writes a synthetic FOCUS 1.0 CSV shaped like the FinOps Foundation sample (same 44 columns, `NULL`
// nulls, JSON Tags, 11-decimal money): hourly usage rows for a fleet of resources over one month.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const HEADER =
  '"AvailabilityZone","BilledCost","BillingAccountId","BillingAccountName","BillingCurrency","BillingPeriodEnd","BillingPeriodStart","ChargeCategory","ChargeClass","ChargeDescription","ChargeFrequency","ChargePeriodEnd","ChargePeriodStart","CommitmentDiscountCategory","CommitmentDiscountId","CommitmentDiscountName","CommitmentDiscountStatus","CommitmentDiscountType","ConsumedQuantity","ConsumedUnit","ContractedCost","ContractedUnitPrice","EffectiveCost","InvoiceIssuerName","ListCost","ListUnitPrice","PricingCategory","PricingQuantity","PricingUnit","ProviderName","PublisherName","RegionId","RegionName","ResourceId","ResourceName","ResourceType","ServiceCategory","Id","ServiceName","SkuId","SkuPriceId","SubAccountId","SubAccountName","Tags"';

/** mulberry32: a small seeded PRNG so the file is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVIDERS = [
  {
    name: 'AWS',
    issuer: 'Amazon Web Services, Inc.',
    services: ['Amazon Elastic Compute Cloud', 'Amazon SageMaker', 'Amazon Simple Storage Service'],
    regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
  },
  {
    name: 'Microsoft',
    issuer: 'Microsoft',
    services: ['Virtual Machines', 'Azure Machine Learning', 'Storage Accounts'],
    regions: ['eastus', 'westeurope'],
  },
  {
    name: 'Google Cloud',
    issuer: 'Google',
    services: ['Compute Engine', 'Vertex AI', 'Cloud Storage'],
    regions: ['us-central1', 'europe-west4'],
  },
];
const MODELS = [
  'llama3-70b',
  'mistral-7b',
  'recsys-v2',
  'fraud-gbm',
  'vision-vit',
  'whisper-ft',
  'bert-ner',
  'sd-xl',
];
const STAGES = ['train', 'eval', 'serve', 'dev', 'prod', 'production'];

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;

function tagsFor(r: () => number, i: number): string {
  const u = r();
  if (u < 0.2) return 'NULL'; // untagged
  const model = MODELS[i % MODELS.length] ?? 'x';
  const stage = STAGES[Math.floor(r() * STAGES.length)] ?? 'dev';
  // Real exports mix key spellings; attribution must cope with all of them.
  const tags =
    u < 0.5
      ? { model, stage, team: 'ml-platform' }
      : u < 0.7
        ? { 'user:ml-model': model, Environment: stage }
        : u < 0.85
          ? { application: model, env: stage, ' org': 'research' }
          : { model_name: model, environment: stage, CostCenter: '1234' };
  return q(JSON.stringify(tags));
}

export interface GenOptions {
  path: string;
  targetBytes: number;
  resources?: number;
  seed?: number;
}

/** Streams rows until the file reaches targetBytes; returns the number of data rows. */
export async function generateFocusCsv(o: GenOptions): Promise<{ rows: number; bytes: number }> {
  const r = prng(o.seed ?? 42);
  const resources = Array.from({ length: o.resources ?? 4000 }, (_, i) => {
    const p = PROVIDERS[i % PROVIDERS.length] ?? PROVIDERS[0];
    if (!p) throw new Error('no providers');
    const account = String(100000000000 + (i % 40) * 7919);
    return {
      p,
      account,
      service: p.services[i % p.services.length] ?? '',
      region: p.regions[i % p.regions.length] ?? '',
      id: `arn:test:${p.name.toLowerCase().replace(' ', '')}:res/${account}/i-${(i * 2654435761).toString(16).padStart(12, '0')}`,
      tags: tagsFor(r, i),
      rate: 0.05 + r() * 30,
    };
  });
  const out = createWriteStream(o.path);
  let bytes = 0;
  let rows = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line) + 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(HEADER);
  outer: for (let hour = 0; ; hour++) {
    const day = 1 + (Math.floor(hour / 24) % 30);
    const h = hour % 24;
    const start = `2026-10-${String(day).padStart(2, '0')} ${String(h).padStart(2, '0')}:00:00`;
    const end =
      h === 23
        ? `2026-10-${String(day + 1).padStart(2, '0')} 00:00:00`
        : `2026-10-${String(day).padStart(2, '0')} ${String(h + 1).padStart(2, '0')}:00:00`;
    for (const res of resources) {
      if (bytes >= o.targetBytes) break outer;
      const category = r() < 0.002 ? 'Credit' : r() < 0.002 ? 'Tax' : 'Usage';
      const billed = (category === 'Credit' ? -1 : 1) * res.rate * (0.5 + r());
      const effective = billed * (r() < 0.3 ? 0.62 : 1);
      const list = Math.abs(billed) * 1.1;
      const fields = [
        'NULL',
        billed.toFixed(11),
        '"1234567890123"',
        '"SunBird"',
        '"USD"',
        '"2026-11-01 00:00:00"',
        '"2026-10-01 00:00:00"',
        q(category),
        'NULL',
        q(`${res.service} usage`),
        '"Usage-Based"',
        q(end),
        q(start),
        'NULL',
        'NULL',
        'NULL',
        'NULL',
        'NULL',
        '1.000000000000000',
        '"Hours"',
        '0.00000000000',
        '0.00000000000',
        effective.toFixed(11),
        q(res.p.issuer),
        list.toFixed(11),
        q(res.rate.toFixed(4)),
        '"Standard"',
        '1.00000000000',
        '"Hours"',
        q(res.p.name),
        q(res.p.issuer),
        q(res.region),
        q(res.region),
        q(res.id),
        'NULL',
        'NULL',
        '"Compute"',
        String(rows + 1),
        q(res.service),
        '"SKU123"',
        '"SKU123.PRICE"',
        q(res.account),
        q(`Account ${res.account.slice(-4)}`),
        res.tags,
      ];
      await write(fields.join(','));
      rows += 1;
    }
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes };
}
