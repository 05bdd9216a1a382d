import type { BudgetAlertRecord, BudgetAlertStore } from '../core/anomaly/ports.js';

/**
 * One flow for a budget alert, whoever sends it: claim it (atomic, once per budget, period, kind and
 * threshold), deliver it, and give the claim back when delivery fails so the next run tries again.
 * Without the release, a Slack outage would swallow the alert for the rest of the month.
 *
 * Who claims: wherever the alert is delivered. With Slack configured that is the Slack bot (the detect
 * function, `costguard rollup --post`); `costguard budgets` then only reports crossings and leaves the
 * claims alone, so running the CLI never steals an alert from Slack. Without Slack the CLI's output is
 * the delivery, and the CLI claims.
 */
export async function claimAndDeliver(
  store: BudgetAlertStore,
  alert: BudgetAlertRecord,
  deliver: () => Promise<void>,
): Promise<'delivered' | 'already-sent'> {
  if (!(await store.claimBudgetAlert(alert))) return 'already-sent';
  try {
    await deliver();
  } catch (e) {
    await store.releaseBudgetAlert(alert);
    throw e;
  }
  return 'delivered';
}
