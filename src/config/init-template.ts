import { stringify } from 'yaml';
import { parseConfig } from './load.js';

export const CLOUDS = ['aws', 'gcp', 'azure'] as const;
export type Cloud = (typeof CLOUDS)[number];

export interface InitChoices {
  clouds: readonly Cloud[];
  slack: boolean;
  /** What the first line points editors at: a path relative to the file, or a URL. */
  schemaRef: string;
}

/**
 * Placeholders are schema-valid (so the file passes `config check` as written) but unmistakable: a
 * string with REPLACE-ME, or the all-zero AWS account id. `placeholdersIn` finds what is left.
 */
export const AWS_ACCOUNT_PLACEHOLDER = '000000000000';
const isPlaceholder = (s: string) => /replace[-_]me/i.test(s) || s === AWS_ACCOUNT_PLACEHOLDER;

/** The dotted paths of the placeholders still in a parsed (raw) config. */
export function placeholdersIn(raw: unknown, path = ''): string[] {
  if (typeof raw === 'string') return isPlaceholder(raw) ? [path] : [];
  if (Array.isArray(raw)) return raw.flatMap((v, i) => placeholdersIn(v, `${path}.${i}`));
  if (raw && typeof raw === 'object')
    return Object.entries(raw).flatMap(([k, v]) => placeholdersIn(v, path ? `${path}.${k}` : k));
  return [];
}

// Values written out are the schema's own defaults, so the file cannot drift from them.
const d = parseConfig({}, 'defaults');
const slackDefaults = parseConfig({ slack: { channel: '-' } }, 'defaults').slack;
const flow = (v: unknown) => stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();
const minutes = (m: number) =>
  m % 60 === 0 ? `${m / 60}h` : m > 60 ? `${Math.floor(m / 60)}h${m % 60}m` : `${m}m`;

const header = (c: InitChoices) => `# yaml-language-server: $schema=${c.schemaRef}
# costguard configuration, written by \`costguard init\`. Every key is explained in docs/config.md;
# \`costguard config check\` validates this file and prints it with every default filled in.
# Fill in each REPLACE-ME (and the 000000000000 account id): only you know those values.
# Everything else is a default; change what does not fit, delete what you do not need.
`;

const attribution = () => `
# How each billing line gets a model and a stage: its tags first, then the rules, then shared costs.
attribution:
  dimensions:
    model:
      tagKeys: ${flow(d.attribution.dimensions.model.tagKeys)}   # first key present wins
      valueAliases: ${flow(d.attribution.dimensions.model.valueAliases)}   # e.g. { llama-3-70b: llama3-70b }
    stage:
      tagKeys: ${flow(d.attribution.dimensions.stage.tagKeys)}
      valueAliases: ${flow(d.attribution.dimensions.stage.valueAliases)}
  unattributed: ${d.attribution.unattributed}   # the name untagged spend is reported under
  projectLabels: ${d.attribution.projectLabels}   # Google Cloud: a line without a model or stage label takes its project's (ignore: never)
  # Untagged lines: the first rule whose match fits sets model and/or stage (regular expressions on
  # the whole value, any case).
  rules: []
  #  - name: bedrock-is-chatbot
  #    match: { provider: aws, service: Amazon Bedrock.* }
  #    set: { model: chatbot, stage: serve }
  # Spend no model owns (support, shared clusters), split among the models.
  sharedCosts: []
  #  - name: support-fee
  #    match: { service: AWS Support.* }
  #    split: proportional   # or even, or weights: { llama3-70b: 3, whisper: 1 }

store:
  path: ${d.store.path}   # the CLI's DuckDB file; --db overrides
  lockWaitSeconds: ${d.store.lockWaitSeconds}   # how long a command waits for a file another costguard holds; --lock-wait overrides
`;

const sourceBlocks: Record<Cloud, string> = {
  aws: `  aws:   # AWS Cost Explorer, read with the payer account's credentials
    billingAccountId: '${AWS_ACCOUNT_PLACEHOLDER}'   # REPLACE-ME: the payer (management) account id, 12 digits
    accounts: []   # linked accounts to pull, e.g. ['210987654321']; empty = every account with cost
    coverageRegions: ${flow(['us-east-1'])}   # regions the tag coverage report lists; [] = none
    # profile: payer-readonly   # a ~/.aws/config profile; default: the SDK's credential chain
`,
  gcp: `  gcp:   # the Cloud Billing export in BigQuery
    billingAccountId: REPLACE-ME-billing-account-id   # e.g. 012345-6789AB-CDEF01
    table: replace-me-project.REPLACE_ME_dataset.gcp_billing_export_v1_REPLACE_ME   # project.dataset.table
    # jobProject: finops-jobs   # the project that runs (and pays for) the queries; default: the table's
    projects: []   # projects to keep; empty = every project in the export
`,
  azure: `  azure:   # Azure Cost Management
    billingAccountId: REPLACE-ME-billing-account-id   # the EA enrollment or MCA billing account id
    subscriptions: [REPLACE-ME-subscription-id]   # each is queried and reported as a sub-account
    # scopes: [{ managementGroup: ml-platform }]   # or resource groups, or a billing account
`,
};

const sources = (c: InitChoices) =>
  c.clouds.length === 0
    ? `
# Live billing APIs for \`costguard ingest\`: none yet. \`costguard init --clouds aws,gcp,azure --force\`
# writes them, or see docs/config.md#sources.
`
    : `
# Live billing APIs \`costguard ingest\` pulls (and \`costguard run\` each day).
sources:
  trailingDays: ${d.sources.trailingDays}   # days before today every run re-pulls (clouds restate recent days)
${c.clouds.map((cloud) => sourceBlocks[cloud]).join('')}`;

const fleetBlocks: Record<Cloud, string> = {
  aws: `  aws:
    regions: ${flow(['us-east-1'])}   # where your GPU instances run
    profiles: []   # one ~/.aws/config profile per account to sweep; empty = the default credentials' account
`,
  gcp: `  gcp:
    projects: [REPLACE-ME-project-id]
`,
  azure: `  azure:
    subscriptions: [REPLACE-ME-subscription-id]
`,
};

const idle = (c: InitChoices) => `
# The end-of-day idle GPU guard (\`costguard idle\`): warns owners, then stops idle instances after hours.
idle:
  mode: ${d.idle.mode}   # dry-run only reports; enforce (or --apply) warns and stops for real
  threshold: ${d.idle.threshold}   # GPU utilization percent at or under which a GPU counts as idle
  lookback: ${minutes(d.idle.lookback)}   # how long it must have been idle
  leadTime: ${minutes(d.idle.leadTime)}   # owners are warned this long before dayEnd
  timeZone: ${d.idle.timeZone}   # your team's IANA time zone, e.g. Europe/Berlin
  dayStart: '${d.idle.dayStart}'
  dayEnd: '${d.idle.dayEnd}'
  workingDays: ${flow(d.idle.workingDays)}
  holidays: []   # e.g. ['2026-12-24', '2026-12-25']
  maxStops: ${d.idle.maxStops}   # at most this many stops a day; a run that would pass it halts and alerts
${
  c.clouds.length === 0
    ? '  # Fleets to sweep: aws, gcp, azure (see docs/config.md#idle).\n'
    : c.clouds.map((cloud) => fleetBlocks[cloud]).join('')
}`;

const money = `
# Cost anomalies, judged each day on the latest stored day.
anomalies:
  metric: ${d.anomalies.metric}   # effective (amortized) | billed | list
  threshold: ${d.anomalies.threshold}   # robust z-score a day needs
  minImpact: ${d.anomalies.minImpact}   # and at least this much extra spend per day (series currency)
  drops: ${d.anomalies.drops}   # report spend drops too
  suppressDays: ${d.anomalies.suppressDays}   # "expected" silences the same series and cause this long
  series: []
  #  - match: { model: llama3-70b, stage: train }
  #    threshold: 6   # training bursts are normal for this one

# Monthly budgets; each threshold alerts once a month, on actual spend and on the month-end forecast.
budgets: []
#  - name: all-ml
#    amount: '25000.00'
#    currency: USD
#    thresholds: { actual: [50, 80, 100], forecast: [100] }
#  - name: llama-training
#    model: llama3-70b
#    stage: train
#    amount: '8000'
`;

const slack = (c: InitChoices) =>
  c.slack
    ? `
# The Slack bot: daily rollup, alerts, idle warnings with buttons, /cost.
slack:
  channel: REPLACE-ME-channel-id   # the channel id (C...) or #name; invite the bot there
  botToken: ${flow(slackDefaults?.botToken)}   # where the token is, never the token: { env: NAME } or { ssm: /name }
  signingSecret: ${flow(slackDefaults?.signingSecret)}
  owners: {}   # owner tag value -> Slack user id, e.g. { ana@example.com: U012AB3CD }; emails are also looked up
  allowList: []   # Slack user ids who may keep any instance running
  modelOwners: {}   # model -> user ids who may mark its anomalies expected
  rollup:
    hour: ${slackDefaults?.rollup.hour}   # local hour of the daily rollup, in timeZone
    timeZone: ${slackDefaults?.rollup.timeZone}
    chart: ${slackDefaults?.rollup.chart}
`
    : `
# Slack: off. \`costguard init --slack --force\` writes this section, or see docs/config.md#slack.
`;

/** The commented costguard.config.yaml that `costguard init` writes. */
export function renderInitConfig(c: InitChoices): string {
  return [header(c), attribution(), sources(c), idle(c), money, slack(c)].join('');
}
