// Synthetic FOCUS 1.0 CSV for the import benchmark. Shaped like the FinOps Foundation sample
// (same 44 columns in the same order, `NULL` for nulls, Tags as a JSON object in CSV quotes, money with
// 11 decimals) so DuckDB's reader does the same work on it as on a real export. Seeded: the same size
// and seed always give the same bytes.
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { rng as prng } from '../src/sim/rng.js';

// biome-ignore format: packed like the sample's header line, so the two are easy to compare
export const FOCUS_COLUMNS = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency',
  'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription',
  'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
  'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountStatus', 'CommitmentDiscountType',
  'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost',
  'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory', 'PricingQuantity', 'PricingUnit',
  'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName', 'ResourceType',
  'ServiceCategory', 'Id', 'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId', 'SubAccountName', 'Tags',
] as const;
export type FocusColumn = (typeof FOCUS_COLUMNS)[number];
const COSTS: readonly FocusColumn[] = ['BilledCost', 'ContractedCost', 'EffectiveCost', 'ListCost'];
/** FOCUS cost columns (money); unit prices and quantities are not summed by anyone here. */
export const COST_COLUMNS: ReadonlySet<FocusColumn> = new Set(COSTS);

const I = Object.fromEntries(FOCUS_COLUMNS.map((c, i) => [c, i])) as Record<FocusColumn, number>;
const GENERATOR = 'gen-focus/2'; // bump when the output changes, so cached files are regenerated
const MONTH_START = Date.UTC(2024, 8, 1); // September 2024, the sample's month: 30 days
const HOURS = 30 * 24;
const HOUR_MS = 3_600_000;

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const digits = (r: Rng, n: number, base: number) =>
  Array.from({ length: n }, () => Math.floor(r() * base).toString(base)).join('');
const hex = (r: Rng, n: number) => digits(r, n, 16);
/** Fills `{hN}` with N hex digits and `{dN}` with N decimal digits. */
const fill = (r: Rng, pattern: string) =>
  pattern.replace(/\{([hd])(\d+)\}/g, (_, k: string, n: string) => digits(r, Number(n), k === 'h' ? 16 : 10));
const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

type Kind = 'gpu' | 'cpu' | 'storage' | 'network';
// The tables below are this file's only input, so their columns are known.
// what: for the description; idTemplate: the ResourceId, with {sub}, {region} and {name} filled in.
// biome-ignore format: one element per line would hide the table's shape
type Offer = readonly [provider: string, service: string, category: string, unit: string, price: string, what: string, type: string, kind: Kind, weight: string, idTemplate: string];
const OFFERS = table<Offer>(`
AWS|Amazon Elastic Compute Cloud|Compute|Hours|32.7726|On Demand Linux p4d.24xlarge Instance Hour|instance|gpu|1|arn:aws:ec2:{region}:{sub}:instance/{name}
AWS|Amazon Elastic Compute Cloud|Compute|Hours|1.212|On Demand Linux g5.2xlarge Instance Hour|instance|gpu|3|arn:aws:ec2:{region}:{sub}:instance/{name}
AWS|Amazon Elastic Compute Cloud|Compute|Hours|0.384|On Demand Linux m5.2xlarge Instance Hour|instance|cpu|5|arn:aws:ec2:{region}:{sub}:instance/{name}
AWS|Amazon SageMaker|AI and Machine Learning|Hours|1.515|ml.g5.2xlarge hosting instance hour|endpoint|gpu|3|arn:aws:sagemaker:{region}:{sub}:endpoint/{name}
AWS|Amazon Simple Storage Service|Storage|GB-Mo|0.023|GB-month of storage used in Standard|bucket|storage|4|arn:aws:s3:::{name}
AWS|Elastic Load Balancing|Networking|LCU-Hrs|0.008|used Application load balancer capacity unit-hour|loadbalancer|network|2|arn:aws:elasticloadbalancing:{region}:{sub}:loadbalancer/app/{name}
Microsoft|Virtual Machines|Compute|1 Hour|3.673|NC24ads A100 v4 - Linux|Virtual machine|gpu|2|{sub}/resourcegroups/rg-ml/providers/microsoft.compute/virtualmachines/{name}
Microsoft|Virtual Machines|Compute|1 Hour|0.384|D8s v5 - Linux|Virtual machine|cpu|5|{sub}/resourcegroups/rg-ml/providers/microsoft.compute/virtualmachines/{name}
Microsoft|Azure Machine Learning|AI and Machine Learning|1 Hour|0.9|NC6s v3 compute cluster|Machine learning compute|gpu|3|{sub}/resourcegroups/rg-ml/providers/microsoft.machinelearningservices/workspaces/ml/computes/{name}
Microsoft|Storage Accounts|Storage|1 GB/Month|0.0184|Hot LRS Data Stored|Storage account|storage|4|{sub}/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/{name}
Google Cloud|Compute Engine|Compute|hour|3.6733|A2 Instance Core and A100 GPU running in Americas|Instance|gpu|2|//compute.googleapis.com/projects/{sub}/zones/{region}-a/instances/{name}
Google Cloud|Compute Engine|Compute|hour|0.3885|N2 Instance Core running in Americas|Instance|cpu|5|//compute.googleapis.com/projects/{sub}/zones/{region}-a/instances/{name}
Google Cloud|Vertex AI|AI and Machine Learning|hour|0.7|Online prediction n1-standard-4 with T4|Endpoint|gpu|3|//aiplatform.googleapis.com/projects/{sub}/locations/{region}/endpoints/{name}
Google Cloud|Cloud Storage|Storage|gibibyte month|0.02|Standard Storage US Multi-region|Bucket|storage|4|//storage.googleapis.com/projects/_/buckets/{name}`);
// upTo: upper end of the provider's share of [0, 1); subId: sub-account id pattern ({hN}: N hex digits,
// {dN}: N decimal digits). 18 + 12 + 10 = 40 sub-accounts.
// biome-ignore format: one element per line would hide the table's shape
type Provider = readonly [name: string, issuer: string, account: string, upTo: string, subs: string, subId: string, regions: string];
const PROVIDERS = table<Provider>(`
AWS|Amazon Web Services, Inc.|718263540912|0.55|18|{d12}|us-east-1=US East (N. Virginia);us-west-2=US West (Oregon);eu-west-1=Europe (Ireland)
Microsoft|Microsoft|/providers/Microsoft.Billing/billingAccounts/8611537|0.8|12|/subscriptions/{h8}-{h4}-{h4}-{h4}-{h12}|eastus=East US;westeurope=West Europe
Google Cloud|Google|01A2B3-C4D5E6-F7A8B9|1|10|ml-research-{d6}|us-central1=Iowa;europe-west4=Netherlands`);
function table<Row>(text: string): Row[] {
  return text.split('\n').flatMap((line) => (line ? [line.split('|') as unknown as Row] : []));
}

const MODELS = 'llama3-70b mistral-7b recsys-v2 fraud-gbm vision-vit whisper-ft bert-ner'.split(' ');
const APPS = 'FeedRanker SupportBot DocSearch RiskScore ImageTagger DataLake'.split(' ');
const STAGES = 'prod production Prod staging dev train training eval'.split(' ');
const WORDS = 'Atlas Nimbus Orion Zenith Helix Vega Pioneer Eclipse Summit Quasar'.split(' ');

/** Tags written like the sample's (`{"k": "v", ...}`), with its messy keys; about 20% untagged. */
function tagsFor(r: Rng, model: string, app: string): string {
  const u = r();
  const stage = pick(r, STAGES);
  const org = pick(r, ['research', 'platform', 'ads']);
  let tags: Record<string, string>;
  if (u < 0.2) return 'NULL';
  if (u < 0.42) tags = { model, env: stage, application: app };
  else if (u < 0.58) tags = { 'ml-model': model, environment: stage, team: org };
  else if (u < 0.7) tags = { application: app, environment: stage, ' org': org };
  else if (u < 0.84) tags = { model, environment: stage, ' org': org, CostCenter: '1234' };
  else if (u < 0.92) tags = { Model: ` ${model}`, Env: stage.toUpperCase() };
  else tags = { application: app, env: stage, Project: 'Foo' };
  const json = Object.entries(tags).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return q(`{${json.join(', ')}}`);
}

function weighted(r: Rng, offers: readonly Offer[]): Offer {
  let w = r() * offers.reduce((a, o) => a + Number(o[8]), 0);
  for (const o of offers) {
    w -= Number(o[8]);
    if (w < 0) return o;
  }
  return offers[0] as Offer;
}

type SubAccount = { id: string; name: string };

function subAccounts(seed: number): SubAccount[][] {
  const r = prng(seed ^ 0x5eed);
  return PROVIDERS.map(([, , , , subs, subId]) =>
    Array.from({ length: Number(subs) }, () => ({
      id: fill(r, subId),
      name: `${pick(r, WORDS)} ${pick(r, WORDS)}`,
    })),
  );
}

function baseRow(p: Provider, category: string, frequency: string, sub?: SubAccount): string[] {
  const [name, issuer, account] = p;
  const f: string[] = new Array(FOCUS_COLUMNS.length).fill('NULL');
  f[I.BillingAccountId] = q(account);
  f[I.BillingAccountName] = '"Helix ML"';
  f[I.BillingCurrency] = '"USD"';
  f[I.BillingPeriodEnd] = q(stamp(MONTH_START + HOURS * HOUR_MS));
  f[I.BillingPeriodStart] = q(stamp(MONTH_START));
  f[I.ChargeCategory] = q(category);
  f[I.ChargeFrequency] = q(frequency);
  f[I.InvoiceIssuerName] = q(issuer);
  f[I.ProviderName] = q(name);
  f[I.PublisherName] = q(issuer);
  if (sub) [f[I.SubAccountId], f[I.SubAccountName]] = [q(sub.id), q(sub.name)];
  return f;
}

/** Resource i is the same whatever the fleet size: its PRNG is seeded by (seed, i). */
function makeResource(seed: number, i: number, accounts: SubAccount[][]) {
  const r = prng(seed ^ Math.imul(i + 1, 0x9e3779b1));
  const u = r();
  const pi = PROVIDERS.findIndex(([, , , upTo]) => u < Number(upTo));
  const p = PROVIDERS[pi] as Provider; // the last provider's upTo is 1
  const [cloud, , , , , , regions] = p;
  const sub = pick(r, accounts[pi] ?? []);
  const offers = OFFERS.filter((o) => o[0] === cloud);
  const [, service, category, unit, price, what, type, kind, , idTemplate] = weighted(r, offers);
  const [region = '', regionName = ''] = pick(r, regions.split(';')).split('=');
  const model = pick(r, MODELS);
  const app = pick(r, APPS);
  const name = `${kind === 'storage' ? app.toLowerCase() : model}-${kind}-${hex(r, 8)}`;
  const sku = hex(r, 16).toUpperCase();
  const compute = kind === 'gpu' || kind === 'cpu';
  const committed = compute && cloud === 'AWS' && r() < 0.25;
  const f = baseRow(p, 'Usage', 'Usage-Based', sub);
  if (compute && cloud === 'AWS') f[I.AvailabilityZone] = q(`${region}${pick(r, ['a', 'b', 'c'])}`);
  f[I.ChargeDescription] = q(`$${price} per ${what}`);
  f[I.ConsumedUnit] = q(unit);
  f[I.ContractedUnitPrice] = Number(price).toFixed(11);
  f[I.ListUnitPrice] = q(price);
  f[I.PricingCategory] = committed ? '"Committed"' : '"Standard"';
  f[I.PricingUnit] = q(unit);
  f[I.RegionId] = q(region);
  f[I.RegionName] = q(regionName);
  f[I.ResourceId] = q(
    idTemplate.replace('{sub}', sub.id).replace('{region}', region).replace('{name}', name),
  );
  if (cloud !== 'AWS') f[I.ResourceName] = q(name); // the sample's AWS rows carry no ResourceName
  f[I.ResourceType] = q(type);
  f[I.ServiceCategory] = q(category);
  f[I.ServiceName] = q(service);
  f[I.SkuId] = q(sku);
  f[I.SkuPriceId] = q(`${sku}.${hex(r, 10).toUpperCase()}`);
  f[I.Tags] = tagsFor(r, model, app);
  if (committed) {
    f[I.CommitmentDiscountCategory] = '"Spend"';
    f[I.CommitmentDiscountId] = q(`arn:aws:savingsplans::${sub.id}:savingsplan/${hex(r, 8)}-${hex(r, 4)}`);
    f[I.CommitmentDiscountStatus] = '"Used"';
    f[I.CommitmentDiscountType] = '"Savings Plan"';
  }
  // activity: the chance the resource runs in a given hour (training GPUs come and go); scale: hourly
  // quantity of storage (GB-month per hour) and load balancers (LCU-hours).
  const activity = kind === 'gpu' && r() < 0.5 ? 0.6 : 1;
  const scale = kind === 'storage' ? (50 + r() * 50_000) / HOURS : 0.5 + r() * 4;
  return { fields: f, kind, price: Number(price), activity, scale, committed };
}
type Resource = ReturnType<typeof makeResource>;

function usageRow(res: Resource, r: Rng, start: string, end: string): string[] {
  const f = res.fields.slice();
  let qty = res.scale * (0.9 + r() * 0.2);
  if (res.kind === 'network') qty = res.scale * r();
  else if (res.kind !== 'storage') qty = r() < 0.03 ? r() : 1; // instances stopped mid-hour bill a fraction
  const list = qty * res.price;
  // Savings Plan usage is paid through the plan: nothing billed on the row, effective at the plan rate.
  const billed = res.committed ? 0 : list;
  const effective = res.committed ? list * 0.64 : list;
  f[I.BilledCost] = billed.toFixed(11);
  f[I.ChargePeriodEnd] = end;
  f[I.ChargePeriodStart] = start;
  f[I.ConsumedQuantity] = qty.toFixed(15);
  f[I.ContractedCost] = list.toFixed(11);
  f[I.EffectiveCost] = effective.toFixed(11);
  f[I.ListCost] = list.toFixed(11);
  f[I.PricingQuantity] = qty.toFixed(11);
  return f;
}

/** Tax rows (per billing account and day) and promotional Credit rows (once per sub-account). */
function chargeRow(p: Provider, tax: boolean, amount: number, period: string[], sub?: SubAccount) {
  const f = baseRow(p, tax ? 'Tax' : 'Credit', 'One-Time', sub);
  const cost = (tax ? amount : -amount).toFixed(11);
  [f[I.BilledCost], f[I.EffectiveCost]] = [cost, cost];
  [f[I.ListCost], f[I.ContractedCost]] = tax ? [cost, cost] : ['0.00000000000', '0.00000000000'];
  f[I.ChargeDescription] = q(tax ? 'Sales tax' : 'Promotional credits for ML research');
  [f[I.ChargePeriodStart], f[I.ChargePeriodEnd]] = period as [string, string];
  f[I.PricingCategory] = '"Other"';
  f[I.ServiceCategory] = '"Compute"';
  f[I.ServiceName] = q(OFFERS.find((o) => o[0] === p[0])?.[1] ?? '');
  return f;
}

export type GenResult = { rows: number; bytes: number; resources: number; reused: boolean };

/**
 * Writes hourly rows over the month, hour by hour, and stops at the first row that reaches
 * targetBytes. The fleet is sized so that the whole month would be 1% larger than the target, so only
 * the last hours of the month are cut. Reuses an existing file when its sidecar says this generator
 * wrote it with the same size and seed.
 */
export async function ensureFocusCsv(path: string, targetBytes: number, seed = 2024): Promise<GenResult> {
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    const same = meta.generator === GENERATOR && meta.seed === seed && meta.targetBytes === targetBytes;
    if (same && statSync(path).size === meta.bytes) return { ...(meta as GenResult), reused: true };
  }
  const accounts = subAccounts(seed);
  const fleet: Resource[] = [];
  const t = q(stamp(MONTH_START)); // every timestamp has the same length
  for (let expected = 0; expected < targetBytes * 1.01 || fleet.length < 40; ) {
    const res = makeResource(seed, fleet.length, accounts);
    fleet.push(res);
    const sample = usageRow(res, prng(fleet.length), t, t);
    sample[I.Id] = '1000000';
    expected += (sample.join(',').length + 1) * res.activity * HOURS;
  }
  const tmp = `${path}.partial`; // renamed when complete: an interrupted run leaves nothing reusable
  const out = createWriteStream(tmp);
  const r = prng(seed);
  let buf = `${FOCUS_COLUMNS.map(q).join(',')}\n`;
  let bytes = buf.length; // every generated character is ASCII, so length is the byte count
  let rows = 0;
  const emit = async (fields: string[]) => {
    fields[I.Id] = String(1_000_000 + rows); // the sample's Id is an unquoted number
    const line = fields.join(',');
    buf += `${line}\n`;
    bytes += line.length + 1;
    rows += 1;
    if (buf.length < 1 << 16) return;
    const ok = out.write(buf);
    buf = '';
    if (!ok) await once(out, 'drain'); // backpressure: the stream's buffer is all that is ever held
  };
  month: for (let h = 0; h < HOURS; h++) {
    const period = [q(stamp(MONTH_START + h * HOUR_MS)), q(stamp(MONTH_START + (h + 1) * HOUR_MS))];
    const [start = '', end = ''] = period;
    for (const res of fleet) {
      if (bytes >= targetBytes) break month;
      if (res.activity < 1 && r() >= res.activity) continue;
      await emit(usageRow(res, r, start, end));
    }
    if (h % 24 === 23) {
      for (const p of PROVIDERS) await emit(chargeRow(p, true, 20 + r() * 400, period));
    }
    if (h === 7 * 24 + 3) {
      for (const [k, p] of PROVIDERS.entries()) {
        for (const sub of accounts[k] ?? []) await emit(chargeRow(p, false, 10 + r() * 500, period, sub));
      }
    }
  }
  if (bytes < targetBytes) throw new Error(`fleet sized too small: ${bytes} of ${targetBytes} bytes`);
  out.end(buf);
  await once(out, 'finish');
  renameSync(tmp, path);
  const meta = { generator: GENERATOR, seed, targetBytes, rows, bytes, resources: fleet.length };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return { rows, bytes, resources: fleet.length, reused: false };
}
