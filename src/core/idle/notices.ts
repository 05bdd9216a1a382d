import type { IdleNotice } from './owner-ports.js';
import type { IdleAuditEntry, IdleWarning } from './ports.js';
import { instanceIdentity } from './types.js';

// The idle guard's records (audit entries, warnings) as the flat notices people are shown.

/** An audit log line as a notice (the rollup and `/cost idle` list what the guard did). */
export function noticeOfEntry(e: IdleAuditEntry): IdleNotice {
  return {
    provider: e.provider,
    account: e.account,
    region: e.region,
    instanceId: e.instanceId,
    instanceType: e.instanceType,
    gpus: e.gpus ?? 0,
    ...(e.owner !== undefined ? { owner: e.owner } : {}),
    model: e.model ?? 'unknown',
    stage: e.stage ?? 'unknown',
    action: e.action,
    reasons: [...e.reasons],
    ...(e.rule ? { rule: e.rule } : {}),
    ...(e.hourlyCost !== undefined ? { hourlyCost: e.hourlyCost } : {}),
    // A stop saves a day of the instance; a warning names what its stop would save.
    estimatedSavings: e.savingsPerDay,
    currency: e.currency,
    at: e.at,
  };
}

/** The sweep's warning as the Slack bot renders it. */
export function noticeOfWarning(w: IdleWarning): IdleNotice {
  const d = w.decision;
  return {
    ...instanceIdentity(d.instance),
    ...(d.owner !== undefined ? { owner: d.owner } : {}),
    model: d.model,
    stage: d.stage,
    action: 'warn',
    reasons: d.reasons,
    ...(d.rule ? { rule: d.rule } : {}),
    ...(w.hourlyCost !== undefined ? { hourlyCost: w.hourlyCost } : {}),
    estimatedSavings: w.estimatedSavings,
    currency: w.currency,
    at: w.stopAt,
  };
}
