/**
 * The one provider table: each cloud's short id (config keys, `--source`, `--provider`), the name its
 * billing data gives it (FOCUS ProviderName, also what the CUR, Google and Azure exports map to), the
 * name people read, and the billing service name of its virtual machines.
 */
export const CLOUD_IDS = ['aws', 'gcp', 'azure'] as const;
export type CloudId = (typeof CLOUD_IDS)[number];

export interface Provider {
  id: CloudId;
  /** FOCUS ProviderName as the cloud's own FOCUS export writes it. */
  focusName: string;
  /** How the CLI, the page and Slack name the cloud. */
  displayName: string;
  /** The billing ServiceName of the cloud's VMs: attribution rules on billing lines select machines too. */
  vmService: string;
}

export const PROVIDERS: Readonly<Record<CloudId, Provider>> = {
  aws: { id: 'aws', focusName: 'AWS', displayName: 'AWS', vmService: 'Amazon Elastic Compute Cloud' },
  gcp: { id: 'gcp', focusName: 'Google Cloud', displayName: 'Google Cloud', vmService: 'Compute Engine' },
  azure: { id: 'azure', focusName: 'Microsoft', displayName: 'Azure', vmService: 'Virtual Machines' },
};

export const isCloudId = (v: string): v is CloudId => (CLOUD_IDS as readonly string[]).includes(v);

/** The display name of a cloud id, or the id itself when it names no known cloud. */
export const displayName = (id: string): string => (isCloudId(id) ? PROVIDERS[id].displayName : id);
