import { randomUUID } from 'node:crypto';
import { daysBefore, utcDay } from '../core/day.js';
import { plan } from '../core/idle/plan.js';
import type { AuditResult, Fleet, IdleAuditEntry, IdleAuditLog, Notifier } from '../core/idle/ports.js';
import type {
  Decision,
  FleetInstance,
  IdlePolicy,
  InstanceMetrics,
  Plan,
  PlanHistory,
} from '../core/idle/types.js';
import type { Clock } from '../core/ports.js';

export interface SweepDeps {
  fleets: readonly Fleet[];
  audit: IdleAuditLog;
  notifier: Notifier;
  clock: Clock;
}

export interface SweepOptions {
  policy: IdlePolicy;
  /** Act (warn and stop); otherwise only plan and log the plan. */
  apply: boolean;
  actor: string;
  onProgress?: (message: string) => void;
}

export interface ActionResult {
  key: string;
  action: 'stop' | 'warn';
  result: 'stopped' | 'warned' | 'failed' | 'skipped';
  error?: string;
  /** Why a stop was skipped after all: the instance as read again just before it (keep-until, exempt). */
  reasons?: string[];
}

export interface SweepResult {
  runId: string;
  plan: Plan;
  results: ActionResult[];
  /** A cloud whose inventory or metrics could not be read; its instances are missing from the plan. */
  fleetErrors: { provider: string; error: string }[];
}

// Few concurrent stops: the clouds throttle mutating calls per account well below read calls.
const CONCURRENCY = 4;

async function eachLimited<T>(items: readonly T[], fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One sweep: gather every fleet's facts, plan, and (with `apply`) warn and stop. A failing fleet or a
 * failing stop is reported and does not stop the others. Every decision goes to the audit log.
 */
export async function runIdleSweep(deps: SweepDeps, opts: SweepOptions): Promise<SweepResult> {
  const runId = randomUUID();
  const now = deps.clock.now();
  const from = new Date(now.getTime() - opts.policy.lookbackMinutes * 60_000);
  const inventory: FleetInstance[] = [];
  const metrics = new Map<string, InstanceMetrics>();
  const fleetErrors: SweepResult['fleetErrors'] = [];
  const fleetOf = new Map<string, Fleet>();
  for (const fleet of deps.fleets) {
    try {
      opts.onProgress?.(`${fleet.provider}: listing GPU instances`);
      const found = await fleet.listGpuInstances();
      opts.onProgress?.(`${fleet.provider}: reading utilization of ${found.length} instances`);
      const m = await fleet.utilization(found, from, now);
      inventory.push(...found);
      for (const [k, v] of m) metrics.set(k, v);
      fleetOf.set(fleet.provider, fleet);
    } catch (e) {
      fleetErrors.push({ provider: fleet.provider, error: message(e) });
    }
  }
  // Warnings older than a week cannot belong to the current off period of any sane schedule.
  const since = daysBefore(now, 8).toISOString();
  const warnedAt = await deps.audit.warnings(since);
  // Only a warning that said "busy" lets a busy untagged instance be stopped.
  const busyWarnedAt = await deps.audit.warnings(since, 'untagged-busy');
  // The cap is per UTC day, the day the audit log files an entry under.
  const stoppedToday = await deps.audit.stopsOn(utcDay(now));
  const history: PlanHistory = { warnedAt, busyWarnedAt, stoppedToday };
  const p = plan(inventory, metrics, opts.policy, now, history);
  const results: ActionResult[] = [];
  const outcome = new Map<string, Outcome>();

  if (opts.apply && p.halted) {
    const h = p.halted;
    await deps.notifier.alert(
      `Idle guard halted: ${h.stops} stops planned and ${h.earlier} stopped earlier today (UTC), the cap is ${h.limit} a day. Nothing was stopped.`,
      { runId, stops: h.stops, earlier: h.earlier, limit: h.limit },
    );
  } else if (opts.apply) {
    const acting = p.decisions.filter((d) => d.action !== 'keep');
    const ctx: ActContext = { deps, fleets: fleetOf, runId, now, policy: opts.policy, metrics, history };
    await eachLimited(acting, async (d) => {
      const r = await act(ctx, d);
      results.push(r);
      outcome.set(d.key, {
        result: r.result,
        ...(r.error ? { error: r.error } : {}),
        ...(r.reasons ? { reasons: r.reasons } : {}),
      });
    });
    const failed = results.filter((r) => r.result === 'failed');
    if (failed.length) {
      await deps.notifier.alert(`Idle guard: ${failed.length} action(s) failed.`, { runId, failed });
    }
  }
  results.sort((a, b) => a.key.localeCompare(b.key));
  await deps.audit.append(p.decisions.map((d) => auditEntry(d, runId, now, opts, p, outcome.get(d.key))));
  return { runId, plan: p, results, fleetErrors };
}

interface Outcome {
  result: AuditResult;
  error?: string;
  reasons?: string[];
}

interface ActContext {
  deps: SweepDeps;
  fleets: ReadonlyMap<string, Fleet>;
  runId: string;
  now: Date;
  policy: IdlePolicy;
  metrics: ReadonlyMap<string, InstanceMetrics>;
  history: PlanHistory;
}

/**
 * Why a planned stop no longer holds, from the instance as the cloud has it now; undefined when it
 * still holds. The same pure plan decides, on the fresh tags: an owner's keep-until or exempt added
 * during the sweep wins, and so does a model tag or a schedule change.
 */
async function changedSinceListing(
  ctx: ActContext,
  fleet: Fleet,
  d: Decision,
): Promise<string[] | undefined> {
  const fresh = await fleet.current(d.instance);
  if (!fresh) return ['gone'];
  const again = plan([fresh], ctx.metrics, ctx.policy, ctx.now, ctx.history).decisions[0];
  if (!again) return [`state:${fresh.state}`];
  return again.action === 'stop' ? undefined : again.reasons;
}

async function act(ctx: ActContext, d: Decision): Promise<ActionResult> {
  const { deps, runId, now } = ctx;
  const action = d.action as 'stop' | 'warn';
  const claimKey = `${action}:${d.key}:${d.offSince}`;
  if (!(await deps.audit.claim(claimKey, runId, now.toISOString()))) {
    // Another sweep already warned (or stopped) for this off period.
    return { key: d.key, action, result: 'skipped' };
  }
  try {
    if (action === 'warn') {
      const stopAt = new Date(
        Math.max(Date.parse(d.offSince), now.getTime() + ctx.policy.leadMinutes * 60_000),
      );
      await deps.notifier.warn({
        decision: d,
        stopAt: stopAt.toISOString(),
        ...(d.instance.hourlyCost !== undefined ? { hourlyCost: d.instance.hourlyCost } : {}),
        currency: d.instance.currency,
        estimatedSavings: d.estimatedSavings,
      });
      return { key: d.key, action, result: 'warned' };
    }
    const fleet = ctx.fleets.get(d.instance.provider);
    if (!fleet) throw new Error(`no fleet adapter for ${d.instance.provider}`);
    const changed = await changedSinceListing(ctx, fleet, d);
    if (changed) {
      // Not stopped: the claim goes back, so a sweep after the keep-until may still stop it tonight.
      await deps.audit.release(claimKey, runId);
      return { key: d.key, action, result: 'skipped', reasons: ['changed-since-listing', ...changed] };
    }
    await fleet.stop(d.instance);
    return { key: d.key, action, result: 'stopped' };
  } catch (e) {
    await deps.audit.release(claimKey, runId);
    return { key: d.key, action, result: 'failed', error: message(e) };
  }
}

function auditEntry(
  d: Decision,
  runId: string,
  now: Date,
  opts: SweepOptions,
  p: Plan,
  outcome: Outcome | undefined,
): IdleAuditEntry {
  const i = d.instance;
  const result: AuditResult =
    outcome?.result ?? (d.action === 'keep' ? 'kept' : opts.apply && p.halted ? 'halted' : 'planned');
  return {
    runId,
    at: now.toISOString(),
    actor: opts.actor,
    mode: opts.apply ? 'enforce' : 'dry-run',
    provider: i.provider,
    account: i.account,
    region: i.region,
    instanceId: i.instanceId,
    instanceType: i.instanceType,
    action: d.action,
    reasons: outcome?.reasons ?? d.reasons,
    ...(d.rule ? { rule: d.rule } : {}),
    result,
    ...(outcome?.error ? { error: outcome.error } : {}),
    ...(i.hourlyCost !== undefined ? { hourlyCost: i.hourlyCost } : {}),
    currency: i.currency,
    savingsPerDay: (i.hourlyCost ?? 0n) * 24n,
    ...(d.owner !== undefined ? { owner: d.owner } : {}),
    model: d.model,
    stage: d.stage,
    gpus: i.gpus,
  };
}

/** A sweep summed up for a scheduled run's log and result. */
export interface SweepSummary {
  planned: number;
  stopped: number;
  warned: number;
  failed: number;
  halted: boolean;
}

export function summarize(r: SweepResult): SweepSummary {
  const n = (result: string) => r.results.filter((x) => x.result === result).length;
  return {
    planned: r.plan.decisions.filter((d) => d.action !== 'keep').length,
    stopped: n('stopped'),
    warned: n('warned'),
    failed: n('failed') + r.fleetErrors.length,
    halted: r.plan.halted !== undefined,
  };
}
