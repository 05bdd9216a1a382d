import { ConfigError } from '../config/errors.js';
import type { IdleConfig } from '../config/idle-schema.js';
import type { Fleet } from '../core/idle/ports.js';
import { CLOUD_IDS, type CloudId, isCloudId } from '../core/providers.js';
import { AWS_FLEET_PERMISSIONS } from './aws/aws-fleet.js';
import { awsFleetFromConfig } from './aws/aws-from-config.js';
import { AZURE_FLEET_PERMISSIONS } from './azure/azure-fleet.js';
import { azureFleetFromConfig } from './azure/azure-from-config.js';
import { GCP_FLEET_PERMISSIONS } from './gcp/gcp-fleet.js';
import { gcpFleetFromConfig } from './gcp/gcp-from-config.js';
import { type PriceLookup, priceTable } from './prices.js';

type FleetFactory = (config: IdleConfig, prices: PriceLookup) => Fleet | undefined;

/** Provider name -> adapter factory; a factory returns undefined when its section is not configured. */
export const FLEET_FACTORIES: Readonly<Record<CloudId, FleetFactory>> = {
  aws: (c, prices) => (c.aws ? awsFleetFromConfig(c.aws, { prices }) : undefined),
  gcp: (c, prices) => (c.gcp ? gcpFleetFromConfig(c.gcp, { prices }) : undefined),
  azure: (c, prices) => (c.azure ? azureFleetFromConfig(c.azure, { prices }) : undefined),
};

/** The clouds the idle guard can sweep: every cloud of the provider table. */
export const FLEET_PROVIDERS: readonly string[] = CLOUD_IDS;

/**
 * The cloud permissions each adapter needs, as data: the deployment check compares serverless.yml's
 * IAM statements (and the GCP/Azure role docs) against these. AWS adds sts:AssumeRole when profiles
 * assume roles in other accounts.
 */
export const FLEET_PERMISSIONS: Readonly<Record<CloudId, readonly string[]>> = {
  aws: AWS_FLEET_PERMISSIONS,
  gcp: GCP_FLEET_PERMISSIONS,
  azure: AZURE_FLEET_PERMISSIONS,
};

/**
 * The fleets to sweep: every configured provider, or the `only` ones (each must be configured).
 */
export function fleetsFromConfig(config: IdleConfig, only?: readonly string[]): Fleet[] {
  const prices = priceTable(config.prices);
  const wanted = only ?? FLEET_PROVIDERS;
  const fleets: Fleet[] = [];
  for (const provider of wanted) {
    const fleet = isCloudId(provider) ? FLEET_FACTORIES[provider](config, prices) : undefined;
    if (fleet) fleets.push(fleet);
    else if (only) {
      throw new ConfigError(
        `--source ${provider}: the config has no idle.${provider} section. Add one (see docs) or leave ${provider} out.`,
      );
    }
  }
  if (fleets.length === 0) {
    throw new ConfigError(
      `no cloud to sweep: add an idle.aws, idle.gcp or idle.azure section to the config (${FLEET_PROVIDERS.join(', ')}).`,
    );
  }
  return fleets;
}

/** The clouds the idle guard sweeps; none when the config has no idle.aws/gcp/azure section. */
export function configuredFleets(config: IdleConfig): Fleet[] {
  return CLOUD_IDS.some((p) => config[p] !== undefined) ? fleetsFromConfig(config) : [];
}
