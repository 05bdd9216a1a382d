import { allocationOf, type ClusterAllocation, type ClusterSpec } from '../core/clusters/types.js';
import { formatMoney, parseMoney } from '../core/money.js';
import type { Cloud, Stage } from './org.js';
import type { SpendPart, SpendRow } from './spend.js';

/**
 * The simulated organisation's shared GPU clusters, one per cloud: labelled workloads, one unlabelled
 * notebook server, spare capacity (idle), volumes and a control-plane fee. Everything is whole GPU-hours
 * at a price with few decimals, so the world knows exactly whose spend each dollar is and the tests can
 * hold costguard's split to the last digit.
 */
export interface SimWorkload {
  namespace: string;
  controllerKind: 'deployment' | 'job' | 'statefulset';
  controller: string;
  /** Ground truth: whose workload it is (undefined: nobody labelled it). */
  model?: string;
  stage?: Stage;
  labels: Readonly<Record<string, string>>;
  namespaceLabels?: Readonly<Record<string, string>>;
  gpus: number;
  hoursPerDay: number;
  pvGb: number;
}

export interface SimCluster {
  name: string;
  cloud: Cloud;
  account: string;
  region: string;
  /** The tag the cloud puts on the cluster's nodes, and its value is `name`. */
  tagKey: string;
  gpus: number;
  /** Node price per GPU-hour (CPU and RAM included), a decimal with at most 3 places. */
  gpuHourRate: string;
  nodeService: string;
  storageService: string;
  /** Per GB-day. */
  pvRate: string;
  controlPlane?: { service: string; perDay: string };
  workloads: readonly SimWorkload[];
}

/** The model control-plane fees go to (a cluster `lines` rule in the sim's config). */
export const PLATFORM = { model: 'k8s-platform', stage: 'serve' as Stage };

export const SIM_CLUSTERS: readonly SimCluster[] = [
  {
    name: 'eks-gpu',
    cloud: 'aws',
    account: '310987654321',
    region: 'us-east-1',
    tagKey: 'aws:eks:cluster-name',
    gpus: 16,
    gpuHourRate: '3.06',
    nodeService: 'Amazon Elastic Compute Cloud - Compute',
    storageService: 'EC2 - Other',
    pvRate: '0.004',
    controlPlane: { service: 'Amazon Elastic Kubernetes Service', perDay: '2.4' },
    workloads: [
      {
        namespace: 'nlp-train',
        controllerKind: 'job',
        controller: 'sentiment-bert-ft',
        model: 'sentiment-bert',
        stage: 'train',
        labels: { model: 'sentiment-bert', stage: 'training' },
        gpus: 4,
        hoursPerDay: 24,
        pvGb: 500,
      },
      {
        namespace: 'search',
        controllerKind: 'deployment',
        controller: 'reranker-xl',
        model: 'reranker-xl',
        stage: 'serve',
        // OpenCost reports this label as app_kubernetes_io_name: the config names the real key.
        labels: { 'app.kubernetes.io/name': 'reranker-xl', stage: 'prod' },
        gpus: 4,
        hoursPerDay: 24,
        pvGb: 100,
      },
      {
        namespace: 'notebooks',
        controllerKind: 'statefulset',
        controller: 'jupyter',
        labels: { app: 'jupyter' },
        gpus: 2,
        hoursPerDay: 12,
        pvGb: 0,
      },
    ],
  },
  {
    name: 'gke-serve',
    cloud: 'gcp',
    account: 'helix-serving',
    region: 'us-central1',
    tagKey: 'goog-k8s-cluster-name',
    gpus: 8,
    gpuHourRate: '2.48',
    nodeService: 'Compute Engine',
    storageService: 'Persistent Disk',
    pvRate: '0.005',
    controlPlane: { service: 'Kubernetes Engine', perDay: '2.4' },
    workloads: [
      {
        namespace: 'embeddings',
        controllerKind: 'deployment',
        controller: 'embed-search',
        model: 'embed-search',
        stage: 'serve',
        labels: { model: 'embed-search', stage: 'serve' },
        gpus: 4,
        hoursPerDay: 24,
        pvGb: 200,
      },
      {
        namespace: 'ocr',
        controllerKind: 'deployment',
        controller: 'ocr-lite-api',
        model: 'ocr-lite',
        stage: 'serve',
        // Only the namespace is labelled: its labels stand in for the pod's.
        labels: { app: 'ocr-lite-api' },
        namespaceLabels: { model: 'ocr-lite', stage: 'serve' },
        gpus: 2,
        hoursPerDay: 24,
        pvGb: 0,
      },
    ],
  },
  {
    name: 'aks-train',
    cloud: 'azure',
    account: '7a1c0e52-0000-4000-8000-00000000a001',
    region: 'eastus',
    tagKey: 'aks-managed-cluster-name',
    gpus: 8,
    gpuHourRate: '3.4',
    nodeService: 'Virtual Machines',
    storageService: 'Storage',
    pvRate: '0.004',
    workloads: [
      {
        namespace: 'vision-train',
        controllerKind: 'job',
        controller: 'diffusion-ads-train',
        model: 'diffusion-ads',
        stage: 'train',
        labels: { model: 'diffusion-ads', stage: 'train' },
        gpus: 8,
        hoursPerDay: 18,
        pvGb: 1000,
      },
    ],
  },
];

/** How the sim's config describes its clusters (control-plane fees go to the platform model). */
export function simClusterSpecs(urls: Readonly<Record<string, string>> = {}): ClusterSpec[] {
  return SIM_CLUSTERS.map((c) => ({
    name: c.name,
    cloud: c.cloud,
    subAccount: c.account,
    tagKeys: [c.tagKey],
    idle: 'separate',
    lines: [
      { match: { service: c.storageService }, to: 'storage' },
      ...(c.controlPlane ? [{ match: { service: c.controlPlane.service }, to: PLATFORM }] : []),
    ],
    ...(urls[c.name] ? { opencost: { url: urls[c.name] as string } } : {}),
  }));
}

const money = (x: bigint) => formatMoney(x, 10);
const times = (rate: string, n: number) => parseMoney(rate) * BigInt(n);

/** The rows each cloud bills for the clusters on `day`, each with its true parts. */
export function clusterRows(day: string): SpendRow[] {
  const rows: SpendRow[] = [];
  for (const c of SIM_CLUSTERS) {
    const base = { day, cloud: c.cloud, account: c.account, region: c.region, currency: 'USD' as const };
    const tags = { [c.tagKey]: c.name };
    const used = c.workloads.reduce((a, w) => a + w.gpus * w.hoursPerDay, 0);
    const node = times(c.gpuHourRate, c.gpus * 24);
    const nodeParts: SpendPart[] = c.workloads.map((w) => ({
      ...who(w),
      amount: money(times(c.gpuHourRate, w.gpus * w.hoursPerDay)),
    }));
    nodeParts.push({ model: `${c.name} idle`, amount: money(times(c.gpuHourRate, c.gpus * 24 - used)) });
    rows.push(row(base, c.nodeService, tags, node, nodeParts, c.name));
    const storage = c.workloads.reduce((a, w) => a + times(c.pvRate, w.pvGb), 0n);
    if (storage > 0n) {
      const parts = c.workloads
        .filter((w) => w.pvGb > 0)
        .map((w) => ({ ...who(w), amount: money(times(c.pvRate, w.pvGb)) }));
      rows.push(row(base, c.storageService, tags, storage, parts, c.name));
    }
    if (c.controlPlane) {
      const fee = parseMoney(c.controlPlane.perDay);
      rows.push(
        row(
          base,
          c.controlPlane.service,
          tags,
          fee,
          [{ ...PLATFORM, amount: money(fee), byRule: true }],
          c.name,
        ),
      );
    }
  }
  return rows;
}

const who = (w: SimWorkload) => ({
  ...(w.model ? { model: w.model } : {}),
  ...(w.stage ? { stage: w.stage } : {}),
});

function row(
  base: Pick<SpendRow, 'day' | 'cloud' | 'account' | 'region' | 'currency'>,
  service: string,
  tags: Record<string, string>,
  amount: bigint,
  parts: SpendPart[],
  cluster: string,
): SpendRow {
  return { ...base, service, tags, billed: money(amount), effective: money(amount), cluster, parts };
}

/** OpenCost's view of the clusters on `day`: one allocation per workload and the idle capacity. */
export function clusterAllocations(cluster: SimCluster, day: string): ClusterAllocation[] {
  const rate = Number(cluster.gpuHourRate);
  const pv = Number(cluster.pvRate);
  const compute = (gpuHours: number) => ({
    // OpenCost prices a node's CPU, RAM and GPU apart; together they are the node's price.
    cpuCost: round6(gpuHours * rate * 0.1),
    gpuCost: round6(gpuHours * rate * 0.8),
    ramCost: round6(gpuHours * rate * 0.1),
    gpuHours,
  });
  const base = { cluster: cluster.name, day, networkCost: 0, loadBalancerCost: 0 };
  const out: ClusterAllocation[] = cluster.workloads.map((w) => {
    const c = compute(w.gpus * w.hoursPerDay);
    const pvCost = round6(w.pvGb * pv);
    const pod = `${w.controller}-0`;
    return {
      ...base,
      name: `${w.namespace}/${w.controller}/${pod}`,
      namespace: w.namespace,
      controllerKind: w.controllerKind,
      controller: w.controller,
      pod,
      labels: sanitized(w.labels),
      namespaceLabels: sanitized(w.namespaceLabels ?? {}),
      idle: false,
      ...c,
      pvCost,
      totalCost: round6(c.cpuCost + c.gpuCost + c.ramCost + pvCost),
    };
  });
  const used = cluster.workloads.reduce((a, w) => a + w.gpus * w.hoursPerDay, 0);
  const idle = compute(cluster.gpus * 24 - used);
  out.push(
    allocationOf({
      ...base,
      name: '__idle__',
      idle: true,
      ...idle,
      totalCost: round6(idle.cpuCost + idle.gpuCost + idle.ramCost),
    }),
  );
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** OpenCost reports label keys the way Prometheus stores them: every other character becomes `_`. */
const sanitized = (labels: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.replace(/[^a-zA-Z0-9_]/g, '_'), v]));
