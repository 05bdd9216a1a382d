import { compileMatch } from '../attribution/resolve.js';
import { normalizedTags, normalizeTagKey } from '../attribution/tags.js';
import type { CostLine } from '../cost-line.js';
import { type CloudId, PROVIDERS } from '../providers.js';
import type { TagFilter } from './carve.js';
import type { ClusterBasis, ClusterLineRule, ClusterLineTarget, ClusterSpec } from './types.js';

/**
 * The tags each cloud puts on a managed cluster's node VMs and disks. AWS: EKS managed node groups and
 * Karpenter tag `eks:cluster-name` (the cost allocation tag `aws:eks:cluster-name` once activated),
 * eksctl `alpha.eksctl.io/cluster-name`, and every node carries `kubernetes.io/cluster/<name>`. Google:
 * GKE labels its VMs `goog-k8s-cluster-name`. Azure: AKS tags node pool resources
 * `aks-managed-cluster-name`, and they live in the node resource group `MC_<group>_<cluster>_<region>`.
 */
export const CLUSTER_TAG_KEYS: Readonly<Record<CloudId, readonly string[]>> = {
  aws: ['aws:eks:cluster-name', 'eks:cluster-name', 'alpha.eksctl.io/cluster-name'],
  gcp: ['goog-k8s-cluster-name'],
  azure: ['aks-managed-cluster-name'],
};

/**
 * Applied after a cluster's own `lines` rules. The control plane (EKS, GKE and AKS fees all have
 * "Kubernetes" in the service name), load balancers and network serve every workload: split over them.
 * Disks follow persistent volumes. Everything else (the node VMs) is split by compute cost.
 */
export const DEFAULT_LINE_RULES: readonly ClusterLineRule[] = [
  { match: { service: '.*kubernetes.*' }, to: 'models' },
  { match: { service: '.*load balanc.*' }, to: 'models' },
  { match: { serviceCategory: 'networking' }, to: 'models' },
  { match: { serviceCategory: 'storage' }, to: 'storage' },
  { match: { resource: '(.*/disks/.*|vol-.*|arn:aws:ec2:.*:volume/.*)' }, to: 'storage' },
];

/** The tag a billing API filters a cluster's lines by: its first tag key, and its name. */
export function clusterTagFilter(c: ClusterSpec): TagFilter {
  return { key: (c.tagKeys ?? CLUSTER_TAG_KEYS[c.cloud])[0] as string, value: c.clusterName ?? c.name };
}

/** A line of a cluster and how it is attributed. */
export interface ClusterHit {
  cluster: ClusterSpec;
  to: ClusterLineTarget;
}

/** The attribution markers of cluster facts: `cluster:<name>/<basis>` on both modelBy and stageBy. */
export const clusterMark = (cluster: string, basis: ClusterBasis): string => `cluster:${cluster}/${basis}`;

/** The attribution marker of a cluster line a `lines` rule gives to a named model (never split). */
export const clusterRuleMark = (cluster: string): string => `cluster-rule:${cluster}`;

export function parseClusterMark(by: string): { cluster: string; basis: ClusterBasis } | undefined {
  if (!by.startsWith('cluster:')) return undefined;
  const slash = by.lastIndexOf('/');
  const basis = by.slice(slash + 1);
  if (slash < 0 || (basis !== 'compute' && basis !== 'storage' && basis !== 'models')) return undefined;
  return { cluster: by.slice('cluster:'.length, slash), basis };
}

/** The model names cluster spend gets before and beside the split. */
export const unsplitModel = (cluster: string): string => `${cluster} (unsplit)`;
export const idleModel = (cluster: string): string => `${cluster} idle`;

/** Compiles the clusters into one line -> hit function (undefined: the line is no cluster's). */
export function compileClusterMatcher(
  clusters: readonly ClusterSpec[],
): (line: CostLine) => ClusterHit | undefined {
  const compiled = clusters.map((c) => {
    const provider = PROVIDERS[c.cloud].focusName.toLowerCase();
    const keys = (c.tagKeys ?? CLUSTER_TAG_KEYS[c.cloud]).map(normalizeTagKey);
    const clusterName = c.clusterName ?? c.name;
    const name = clusterName.toLowerCase();
    const nodeKey = normalizeTagKey(`kubernetes.io/cluster/${clusterName}`);
    // AKS node resource group: MC_<resource group>_<cluster>_<region>, in lower case in resource ids.
    const aksGroup = new RegExp(`/resourcegroups/mc_[^/]*_${escapeRegExp(name)}_[^/_]+/`, 'i');
    const rules = [...c.lines, ...DEFAULT_LINE_RULES].map((r) => ({
      to: r.to,
      matches: compileMatch(r.match),
    }));
    const ofCluster = (line: CostLine): boolean => {
      if (line.provider.toLowerCase() !== provider) return false;
      if (c.subAccount !== undefined && line.subAccountId !== c.subAccount) return false;
      const tags = normalizedTags(line.tags);
      if (keys.some((k) => tags.get(k)?.trim().toLowerCase() === name)) return true;
      if (c.cloud === 'aws' && !c.tagKeys && tags.has(nodeKey)) return true;
      return c.cloud === 'azure' && !c.tagKeys && aksGroup.test(line.resourceId);
    };
    return { cluster: c, ofCluster, rules };
  });
  return (line) => {
    for (const c of compiled) {
      if (!c.ofCluster(line)) continue;
      const rule = c.rules.find((r) => r.matches(line));
      return { cluster: c.cluster, to: rule ? rule.to : 'compute' };
    }
    return undefined;
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
