import { runIdleSweep, type SweepSummary, summarize } from '../src/app/idle-sweep.js';
import { logNotifier } from '../src/app/log-notifier.js';
import { toIdlePolicy } from '../src/config/idle-schema.js';
import type { CostguardConfig } from '../src/config/schema.js';
import type { Fleet, IdleAuditLog, Notifier } from '../src/core/idle/ports.js';
import type { IamGrant } from '../src/core/permissions.js';
import type { Clock } from '../src/core/ports.js';
import { configuredFleets, FLEET_PERMISSIONS } from '../src/fleet/registry.js';
import { UnsupportedEventError } from '../src/lambda/errors.js';
import { isScheduled } from '../src/lambda/events.js';
import { fleetGrants, invokeGrant, logGrant, parameterGrant } from '../src/lambda/grants.js';
import { type Logger, lambdaLogger } from '../src/lambda/logger.js';
import { slackClient } from '../src/lambda/slack-wiring.js';
import { coldStart } from '../src/lambda/wiring.js';
import { slackNotifier } from '../src/slack/idle-notifier.js';
import { OwnerDirectory } from '../src/slack/owners.js';
import { slackSettings } from '../src/slack/settings.js';
import { IDLE_AUDIT_LOG } from '../src/store/dynamodb/permissions.js';

/**
 * One sweep of the idle GPU guard at `now`: plan, warn, stop within the blast-radius cap, audit every
 * decision. Scheduled every 15 minutes; each instance's team schedule (its own IANA zone, day end,
 * working days and holidays) decides whether this sweep warns or acts for it, so one deployment
 * serves teams around the world.
 */
export interface IdleSweeper {
  sweep(now: Date, actor: string): Promise<SweepSummary>;
}

export interface IdleSweepDeps {
  sweeper: IdleSweeper | undefined;
  clock: Clock;
  log: Logger;
}

/** The real sweep: the configured fleets, the audit log in the table, the notifier (Slack or log). */
export function idleSweeper(o: {
  config: CostguardConfig;
  fleets: readonly Fleet[];
  audit: IdleAuditLog;
  notifier: Notifier;
}): IdleSweeper {
  const policy = toIdlePolicy(o.config.idle, o.config.attribution);
  return {
    async sweep(now, actor) {
      const r = await runIdleSweep(
        { fleets: o.fleets, audit: o.audit, notifier: o.notifier, clock: { now: () => now } },
        // Dry run unless the config says enforce: the same default as the CLI.
        { policy, apply: o.config.idle.mode === 'enforce', actor },
      );
      return summarize(r);
    },
  };
}

export function makeHandler(load: () => Promise<IdleSweepDeps>) {
  return async (event: unknown) => {
    if (
      !isScheduled(event) &&
      !(typeof event === 'object' && event !== null && Object.keys(event).length === 0)
    ) {
      throw new UnsupportedEventError('idleSweep', 'anything but a schedule or an empty direct invocation');
    }
    const d = await load();
    const now = d.clock.now();
    if (!d.sweeper) {
      d.log.warn('idle sweep skipped: the config has no idle.aws, idle.gcp or idle.azure section');
      return { at: now.toISOString(), swept: false, reason: 'NO_FLEET' };
    }
    const r = await d.sweeper.sweep(now, 'schedule');
    (r.halted || r.failed ? d.log.error : d.log.info)('idle sweep', { ...r });
    return { at: now.toISOString(), swept: true, ...r };
  };
}

export const grants: readonly IamGrant[] = [
  logGrant('idleSweep'),
  // EventBridge Scheduler invokes the function with this role (osls uses the function's role).
  invokeGrant('idleSweep'),
  parameterGrant('config'),
  parameterGrant('slackBotToken'),
  ...IDLE_AUDIT_LOG,
  // Exactly what the AWS fleet adapter declares; StopInstances never on exempt-tagged instances.
  ...fleetGrants(FLEET_PERMISSIONS.aws ?? []),
];

export const handler = makeHandler(async () => {
  const c = coldStart();
  const config = await c.config();
  const log = lambdaLogger('idleSweep');
  const fleets = configuredFleets(config.idle);
  let notifier = logNotifier((line) => log.warn(line));
  const client = await slackClient(c);
  if (client) {
    const settings = slackSettings(config);
    notifier = slackNotifier(client, settings, new OwnerDirectory(client, settings.owners));
  }
  return {
    sweeper: fleets.length ? idleSweeper({ config, fleets, audit: c.stores.idleAudit, notifier }) : undefined,
    clock: c.clock,
    log,
  };
});
