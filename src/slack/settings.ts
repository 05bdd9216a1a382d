import type { CostguardConfig } from '../config/schema.js';
import { SlackConfigError } from './errors.js';
import type { SlackSettings } from './ports.js';

export function slackSettings(config: CostguardConfig): SlackSettings {
  const s = config.slack;
  if (!s)
    throw new SlackConfigError(
      'no `slack:` section in the config: add one with at least `channel:` (see README).',
    );
  return {
    channel: s.channel,
    owners: s.owners,
    allowList: s.allowList,
    modelOwners: s.modelOwners,
    timeZone: s.rollup.timeZone,
    workdayStartHour: s.rollup.hour,
    metric: config.anomalies.metric,
    unattributed: config.attribution.unattributed,
    chart: s.rollup.chart,
  };
}
