import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { IdleConfig } from '../../config/idle-schema.js';
import type { Fleet } from '../../core/idle/ports.js';
import type { FleetFactoryOptions } from '../prices.js';
import { type AwsScope, createAwsFleet } from './aws-fleet.js';

export type AwsConfig = NonNullable<IdleConfig['aws']>;

/** One scope per (profile, region); clients get the config's endpoint and credential overrides. */
export function awsFleetFromConfig(cfg: AwsConfig, o: FleetFactoryOptions): Fleet {
  return createAwsFleet({
    scopes: awsScopesOf(cfg),
    gpuNamespace: cfg.metricsNamespace,
    prices: o.prices,
    assumesRoles: cfg.profiles.length > 0,
  });
}

/** The (profile, region) scopes of the config with their clients; doctor probes the same ones. */
export function awsScopesOf(cfg: AwsConfig): (AwsScope & { profile?: string })[] {
  const profiles: (string | undefined)[] = cfg.profiles.length ? cfg.profiles : [undefined];
  const scopes: (AwsScope & { profile?: string })[] = [];
  for (const profile of profiles) {
    for (const region of cfg.regions) {
      const common = {
        region,
        ...(profile ? { profile } : {}),
        ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
      };
      scopes.push({
        region,
        ...(profile ? { profile } : {}),
        ec2: new EC2Client({ ...common, ...(cfg.endpoints?.ec2 ? { endpoint: cfg.endpoints.ec2 } : {}) }),
        cloudwatch: new CloudWatchClient({
          ...common,
          ...(cfg.endpoints?.cloudwatch ? { endpoint: cfg.endpoints.cloudwatch } : {}),
        }),
      });
    }
  }
  return scopes;
}
