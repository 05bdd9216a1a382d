import { compileResolver } from '../attribution/resolve.js';
import type { CostLine } from '../cost-line.js';
import { utcDay } from '../day.js';
import { isCloudId, PROVIDERS } from '../providers.js';
import { exclusions, tagValue } from './exclusions.js';
import { type ScheduleState, scheduleState } from './schedule.js';
import {
  type Decision,
  type FleetInstance,
  type IdlePolicy,
  type IdleRule,
  type InstanceMetrics,
  instanceKey,
  type Plan,
  type PlanHistory,
  type ScheduleSpec,
} from './types.js';
import { assessUtilization } from './utilization.js';

/** The instance as a cost line, so that it resolves to a model and stage by the billing rules. */
function asCostLine(i: FleetInstance, day: string): CostLine {
  // Named as billing names the provider and its VM service, so attribution rules written for billing
  // lines (`provider: AWS`, `service: ...`) select the same machines here.
  const [provider, service] = isCloudId(i.provider)
    ? [PROVIDERS[i.provider].focusName, PROVIDERS[i.provider].vmService]
    : [i.provider, ''];
  return {
    day,
    provider,
    billingAccountId: i.account,
    subAccountId: i.account,
    serviceName: service,
    serviceCategory: 'Compute',
    // Billing reports Google Cloud regions, inventory reports zones (us-central1-a).
    regionId: i.provider === 'gcp' ? i.region.replace(/-[a-z]$/, '') : i.region,
    resourceId: i.instanceId,
    resourceName: i.name ?? '',
    chargeCategory: 'Usage',
    currency: i.currency,
    tags: i.tags,
    billedCost: 0n,
    effectiveCost: 0n,
    listCost: 0n,
  };
}

function matchesSchedule(tags: Readonly<Record<string, string>>, match: Readonly<Record<string, string>>) {
  return Object.entries(match).every(
    ([k, v]) => tagValue(tags, k)?.trim().toLowerCase() === v.trim().toLowerCase(),
  );
}

export function scheduleFor(i: FleetInstance, policy: IdlePolicy): ScheduleSpec {
  return policy.schedules.find((s) => matchesSchedule(i.tags, s.match)) ?? policy.defaultSchedule;
}

const HOUR_MS = 3_600_000n;

function savings(i: FleetInstance, now: Date, state: ScheduleState): bigint {
  if (i.hourlyCost === undefined) return 0n;
  const until = state.resumesAt?.getTime() ?? now.getTime() + 24 * 3_600_000;
  // While working or warning, the saving is for the coming off period.
  const from = Math.max(now.getTime(), state.offSince.getTime());
  const ms = BigInt(Math.max(0, until - from));
  return (i.hourlyCost * ms) / HOUR_MS;
}

/** A warning counts if it came in this off period's warning window or later, at least `lead` ago. */
function warnedInTime(
  history: PlanHistory | undefined,
  key: string,
  state: ScheduleState,
  now: Date,
  leadMs: number,
) {
  if (!history) return true;
  const at = history.warnedAt.get(key);
  if (!at) return false;
  const t = Date.parse(at);
  return t >= state.offSince.getTime() - leadMs && now.getTime() - t >= leadMs;
}

/** The rule that makes an instance a candidate (see IdleRule), or none. */
function ruleOf(untagged: boolean, verdict: string): IdleRule | undefined {
  const idle = verdict.startsWith('idle:');
  if (!untagged) return idle ? 'idle' : undefined;
  if (idle) return 'untagged-idle';
  return verdict === 'busy' ? 'untagged-busy' : 'untagged';
}

/** The reason a busy untagged instance is warned and never stopped (`idle.untaggedBusy: warn`). */
export const WARN_ONLY = 'untagged-busy:warn-only';

/**
 * After day-end a candidate is stopped once its owner was warned in time. A busy untagged one needs a
 * warning that said so (a warning sent while it was idle does not count: its owner may have thought
 * the stop harmless), and with `untaggedBusy: warn` it is never stopped.
 */
function offHours(
  rule: IdleRule,
  policy: IdlePolicy,
  history: PlanHistory | undefined,
  key: string,
  state: ScheduleState,
  now: Date,
): { action: 'stop' | 'warn'; reason?: string } {
  const leadMs = policy.leadMinutes * 60_000;
  if (rule === 'untagged-busy') {
    if (policy.untaggedBusy === 'warn') return { action: 'warn', reason: WARN_ONLY };
    const busy = history?.busyWarnedAt;
    return busy && warnedInTime({ warnedAt: busy }, key, state, now, leadMs)
      ? { action: 'stop' }
      : { action: 'warn', reason: 'awaiting-busy-warning' };
  }
  return warnedInTime(history, key, state, now, leadMs)
    ? { action: 'stop' }
    : { action: 'warn', reason: 'awaiting-warning-lead' };
}

/**
 * Decides, for every running GPU instance, whether to stop it, warn its owner, or keep it. Pure: the
 * adapters gathered `inventory` and `metrics`; `history` (warnings already sent, from the audit log)
 * makes a stop wait until its owner had the lead time to answer, and its stops of the day count against
 * the blast-radius cap. Without history the schedule alone decides (warn in the lead window, stop after
 * day-end), except for a busy untagged instance: no history means no busy warning, so it is warned.
 */
export function plan(
  inventory: readonly FleetInstance[],
  metrics: ReadonlyMap<string, InstanceMetrics>,
  policy: IdlePolicy,
  now: Date,
  history?: PlanHistory,
): Plan {
  const resolve = compileResolver(policy.attribution);
  const day = utcDay(now);
  const window = { from: new Date(now.getTime() - policy.lookbackMinutes * 60_000), to: now };
  const decisions: Decision[] = [];
  for (const i of inventory) {
    if (i.state !== 'running' || i.gpus <= 0) continue;
    const key = instanceKey(i);
    const { model, stage, modelBy, stageBy } = resolve(asCostLine(i, day));
    const spec = scheduleFor(i, policy);
    const state = scheduleState(spec, now, policy.leadMinutes);
    const candidate: string[] = [];
    if (modelBy === 'unattributed') candidate.push('untagged:model');
    if (stageBy === 'unattributed') candidate.push('untagged:stage');
    const recent = i.launchedAt !== undefined && Date.parse(i.launchedAt) > window.from.getTime();
    const verdict = recent ? 'recently-started' : assessUtilization(metrics.get(key), window, policy);
    const rule = ruleOf(candidate.length > 0, verdict);
    if (verdict.startsWith('idle:')) candidate.push(verdict);
    const excluded = exclusions(i, policy, now);
    let action: Decision['action'] = 'keep';
    const reasons = [...excluded, ...candidate];
    if (!verdict.startsWith('idle:')) reasons.push(verdict);
    const warnOnly = rule === 'untagged-busy' && policy.untaggedBusy === 'warn';
    if (excluded.length === 0 && rule) {
      if (state.phase === 'working') reasons.push('working-hours');
      else {
        const off = state.phase === 'off' ? offHours(rule, policy, history, key, state, now) : undefined;
        action = off?.action ?? 'warn';
        if (off?.reason) reasons.push(off.reason);
        else if (warnOnly) reasons.push(WARN_ONLY);
      }
    }
    const owner = policy.ownerTags.map((k) => tagValue(i.tags, k)).find((v) => v?.trim());
    decisions.push({
      key,
      instance: i,
      ...(owner ? { owner: owner.trim() } : {}),
      model,
      stage,
      action,
      reasons,
      ...(rule ? { rule } : {}),
      schedule: spec.name,
      phase: state.phase,
      offSince: state.offSince.toISOString(),
      ...(state.resumesAt ? { resumesAt: state.resumesAt.toISOString() } : {}),
      estimatedSavings: action === 'keep' ? 0n : savings(i, now, state),
    });
  }
  decisions.sort((a, b) => a.key.localeCompare(b.key));
  const stops = decisions.filter((d) => d.action === 'stop').length;
  const out: Plan = { at: now.toISOString(), decisions };
  // Sweeps run every 15 minutes: a cap per sweep would let a bad day stop the cap every sweep.
  const earlier = history?.stoppedToday ?? 0;
  if (stops > Math.max(0, policy.maxStops - earlier))
    out.halted = { reason: 'blast-radius', stops, earlier, limit: policy.maxStops };
  return out;
}
