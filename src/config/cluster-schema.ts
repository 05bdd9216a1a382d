import { z } from 'zod';
import { CLOUD_IDS } from '../core/providers.js';
import { text } from './fields.js';

/** Built by schema.ts (where lineMatch lives), so the cluster rules match lines exactly as rules do. */
export function clustersSchema<M extends z.ZodType>(lineMatch: M) {
  const target = z
    .union([
      z.enum(['compute', 'storage', 'models']),
      z.strictObject({
        model: z
          .string()
          .trim()
          .min(1)
          .meta({ examples: ['k8s-platform'] })
          .describe('The model the lines go to.'),
        stage: z
          .string()
          .trim()
          .min(1)
          .optional()
          .meta({ examples: ['serve'] })
          .describe('Their stage (default: unattributed).'),
      }),
    ])
    .meta({ examples: ['storage', { model: 'k8s-platform', stage: 'serve' }] })
    .describe('compute, storage, models, or {model, stage}.');
  const cluster = z.strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ -')
      .meta({ examples: ['gpu-east'] })
      .describe(
        "costguard's name for the cluster: its idle capacity is the model `<name> idle`, spend not split " +
          'yet `<name> (unsplit)`.',
      ),
    cloud: z.enum(CLOUD_IDS).describe('The cloud it runs on (aws: EKS, gcp: GKE, azure: AKS).'),
    clusterName: text(
      'The name the cloud gives the cluster on its node tags and labels, if not `name`.',
      'prod-gpu-1',
    ).optional(),
    subAccount: text(
      'Only lines of this AWS account, Google project or Azure subscription id.',
      '123456789012',
    ).optional(),
    tagKeys: z
      .array(z.string().trim().min(1))
      .min(1)
      .optional()
      .meta({ examples: [['cluster']] })
      .describe(
        "Tag keys whose value is the cluster's name on its lines. Default: the cloud's own " +
          '(aws:eks:cluster-name, eks:cluster-name, alpha.eksctl.io/cluster-name, kubernetes.io/cluster/<name>; ' +
          'goog-k8s-cluster-name; aks-managed-cluster-name and the MC_ node resource group).',
      ),
    idle: z
      .enum(['separate', 'spread'])
      .default('separate')
      .describe(
        'Capacity no workload requested (OpenCost idle): separate keeps it as the model `<name> idle`; ' +
          "spread shares it over the cluster's workloads in proportion.",
      ),
    lines: z
      .array(z.strictObject({ match: lineMatch, to: target }))
      .default([])
      .describe(
        "How the cluster's lines are split, first match wins, before the defaults: compute (by CPU, GPU " +
          'and RAM cost, idle included: node VMs), storage (by volume cost: disks), models (over the ' +
          'workloads, idle left out: control plane, load balancers, network), or {model, stage} (one model).',
      ),
    opencost: z
      .strictObject({
        url: z
          .url()
          .meta({ examples: ['http://localhost:9003'] })
          .describe('The OpenCost API root (the in-cluster service or a port-forward, port 9003).'),
      })
      .optional()
      .describe('Where costguard pulls the allocations (`costguard ingest --source opencost`).'),
  });
  return z
    .array(cluster)
    .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, {
      message: 'cluster names must be unique',
    })
    .default([])
    .describe(
      'Kubernetes clusters whose node spend is split per model and stage from OpenCost allocations, ' +
        'with pod labels and namespaces read like tags.',
    );
}
