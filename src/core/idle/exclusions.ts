import type { FleetInstance } from './types.js';

/**
 * Tag keys (lowercased) that controllers put on the machines they own. Stopping such a machine
 * fights the controller: an auto-scaling group replaces it, a node pool drains, SageMaker fails a job.
 * A trailing `*` matches a prefix.
 */
const MANAGED_TAGS: readonly (readonly [string, string])[] = [
  ['aws:autoscaling:groupname', 'auto-scaling-group'],
  ['aws:ec2spot:fleet-request-id', 'spot-fleet'],
  ['aws:ec2:fleet-id', 'ec2-fleet'],
  ['eks:nodegroup-name', 'eks-node-group'],
  ['eks:cluster-name', 'eks-node-group'],
  ['karpenter.sh/nodepool', 'eks-node-group'],
  ['kubernetes.io/cluster/*', 'kubernetes-node'],
  ['aws:batch:*', 'batch'],
  ['awsbatchservicetag', 'batch'],
  ['aws:sagemaker:*', 'sagemaker'],
  ['sagemaker:*', 'sagemaker'],
  ['aws:elasticmapreduce:*', 'emr'],
  // Google Cloud labels (lowercase by rule).
  ['goog-gke-node', 'gke-node-pool'],
  ['goog-k8s-cluster-name', 'gke-node-pool'],
  ['goog-gke-nodepool', 'gke-node-pool'],
  ['goog-dataproc-cluster-name', 'dataproc'],
  ['goog-batch-job-uid', 'batch'],
  ['goog-vertex-*', 'vertex-ai'],
  // Azure.
  ['aks-managed-*', 'aks-node-pool'],
  ['poolname', 'aks-node-pool'],
  ['azure-batch-*', 'batch'],
];

function managedByTags(tags: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
  for (const raw of Object.keys(tags)) {
    const key = raw.trim().toLowerCase();
    for (const [pattern, label] of MANAGED_TAGS) {
      const hit = pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;
      if (hit) found.add(label);
    }
  }
  return [...found];
}

/**
 * Tag keys compare ignoring case, with `:`, `_` and `-` alike: Google Cloud labels cannot hold `:`,
 * so `costguard-exempt` there means the same as `costguard:exempt` on AWS and Azure.
 */
function keyForm(key: string): string {
  return key.trim().toLowerCase().replace(/[:_]/g, '-');
}

export function tagValue(tags: Readonly<Record<string, string>>, key: string): string | undefined {
  const want = keyForm(key);
  for (const [k, v] of Object.entries(tags)) if (keyForm(k) === want) return v;
  return undefined;
}

/**
 * Reads a keep-until time: ISO 8601 ("2026-11-23T21:00:00Z") or the compact form that fits a Google
 * Cloud label value, which allows no `:` or upper case ("20261123t210000z").
 */
export function parseKeepUntil(value: string): Date | undefined {
  const v = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})?z$/i.exec(v);
  const iso = compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6] ?? '00'}Z`
    : v;
  // Only full date-times with a zone: a bare date would be read in UTC and surprise people elsewhere.
  if (!compact && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(iso))
    return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The tags the idle guard reads and writes when `idle.exemptTag` / `idle.keepUntilTag` are not set. */
export const DEFAULT_EXEMPT_TAG = 'costguard:exempt';
export const DEFAULT_KEEP_UNTIL_TAG = 'costguard:keep-until';

/**
 * Exempt-tag values that do NOT exempt (compared trimmed, ignoring case); every other value, an empty
 * one included, exempts: someone who tagged a machine meant to keep it. The IAM Deny on
 * ec2:StopInstances (src/lambda/grants.ts fleetGrants) is built from this same list, so IAM and the code
 * agree on which instances are exempt.
 */
export const NOT_EXEMPT_VALUES: readonly string[] = ['false', 'no', '0', 'off'];

/** The value the owner's Exempt answer writes; the only value IAM lets the idle roles write. */
export const EXEMPT_VALUE = 'true';

export function isExemptValue(value: string | undefined): boolean {
  return value !== undefined && !NOT_EXEMPT_VALUES.includes(value.trim().toLowerCase());
}

/**
 * The spellings of a tag key that `tagValue` reads as the same key on AWS (`:`, `_` and `-` alike),
 * for IAM conditions, which compare tag keys literally.
 */
export function tagKeySpellings(key: string): string[] {
  return [...new Set([key, ...[':', '-', '_'].map((sep) => key.replace(/[:_-]/g, sep))])];
}

/**
 * Why an instance must never be stopped, as reason codes; empty when nothing protects it.
 * An unreadable keep-until value protects the instance too: someone meant to keep it.
 */
export function exclusions(
  instance: FleetInstance,
  policy: { exemptTag: string; keepUntilTag: string },
  now: Date,
): string[] {
  const reasons: string[] = [];
  if (isExemptValue(tagValue(instance.tags, policy.exemptTag))) reasons.push('exempt');
  const keep = tagValue(instance.tags, policy.keepUntilTag);
  if (keep !== undefined) {
    const until = parseKeepUntil(keep);
    if (!until) reasons.push('keep-until:invalid');
    else if (until.getTime() > now.getTime()) reasons.push('keep-until');
  }
  const managed = new Set(managedByTags(instance.tags));
  if (instance.managedBy) managed.add(instance.managedBy);
  for (const m of managed) reasons.push(`managed:${m}`);
  if (instance.rootVolume === 'instance-store') reasons.push('instance-store');
  return reasons;
}
