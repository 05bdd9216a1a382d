// A synthetic ML organisation for bench:ingest: N models spread over AWS accounts, GCP projects and
// Azure subscriptions, each model running in one or two stages on a few services, 10% of spend
// untagged. Deterministic (seeded), amounts with 10 decimals.
import { addDays, daysIn } from '../src/core/day.js';
import type { AwsCostRow } from '../src/sim/fakes/aws-cost-explorer.js';
import type { AzureCostRow } from '../src/sim/fakes/azure-cost-management.js';
import type { GcpCostRow } from '../src/sim/fakes/gcp-bigquery.js';

/**
 * The export holds one row per SKU, resource and hour: a daily line here stands for 24 hours x 3 SKUs
 * of export rows when the fake counts bytes scanned.
 */
const EXPORT_ROWS_PER_DAY = 72;

export const STAGES = ['train', 'serve', 'dev', 'eval'];
const AWS_SERVICES = [
  'Amazon Elastic Compute Cloud - Compute',
  'Amazon SageMaker',
  'Amazon Simple Storage Service',
  'Amazon Elastic Kubernetes Service',
  'Amazon CloudWatch',
];
const GCP_SERVICES = ['Compute Engine', 'Vertex AI', 'Cloud Storage', 'Kubernetes Engine'];
const AZURE_SERVICES = ['Virtual Machines', 'Azure Machine Learning', 'Storage', 'Azure Kubernetes Service'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface OrgShape {
  models: number;
  awsAccounts: number;
  gcpProjects: number;
  azureSubscriptions: number;
}

export interface Org {
  aws: AwsCostRow[];
  gcp: GcpCostRow[];
  azure: AzureCostRow[];
  accounts: string[];
  projects: string[];
  subscriptions: string[];
}

const amount = (r: () => number) => (r() * 500).toFixed(10);

/** Rows for every day in [from, to]; GCP also gets `gcpHistoryDays` earlier days (the export's history). */
export function buildOrg(shape: OrgShape, from: string, to: string, gcpHistoryDays: number): Org {
  const r = rng(42);
  const accounts = Array.from({ length: shape.awsAccounts }, (_, i) => String(100000000000 + i));
  const projects = Array.from({ length: shape.gcpProjects }, (_, i) => `ml-project-${i}`);
  const subscriptions = Array.from(
    { length: shape.azureSubscriptions },
    (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  );
  const models = Array.from({ length: shape.models }, (_, i) => ({
    name: `model-${String(i).padStart(3, '0')}`,
    cloud: i % 3,
    home: Math.floor(i / 3),
    // Stage mix independent of the cloud: every cloud sees every stage value.
    stages: STAGES.filter((_, s) => (Math.floor(i / 3) + s) % 3 === 0).slice(0, 2),
    services: [i % 4, (i + 1) % 4],
  }));
  const org: Org = { aws: [], gcp: [], azure: [], accounts, projects, subscriptions };
  const gcpDays = daysIn({ from: addDays(from, -gcpHistoryDays), to });
  const windowDays = daysIn({ from, to });
  for (const m of models) {
    for (const stage of m.stages) {
      for (const s of m.services) {
        // 1 in 10 resources carries no tags at all.
        const tagged = r() > 0.1;
        const tags: Record<string, string> = tagged ? { model: m.name, stage } : {};
        if (m.cloud === 0) {
          const account = accounts[m.home % accounts.length] ?? '';
          for (const day of windowDays)
            org.aws.push({ day, account, service: AWS_SERVICES[s] ?? '', tags, unblended: amount(r) });
        } else if (m.cloud === 1) {
          const project = projects[m.home % projects.length] ?? '';
          for (const day of gcpDays)
            org.gcp.push({
              day,
              project,
              service: GCP_SERVICES[s] ?? '',
              region: 'us-central1',
              labels: tags,
              cost: amount(r),
              exportRows: EXPORT_ROWS_PER_DAY,
            });
        } else {
          const subscription = subscriptions[m.home % subscriptions.length] ?? '';
          for (const day of windowDays)
            org.azure.push({ day, subscription, service: AZURE_SERVICES[s] ?? '', tags, actual: amount(r) });
        }
      }
    }
  }
  return org;
}
