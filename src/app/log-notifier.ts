import { WARN_ONLY } from '../core/idle/plan.js';
import type { IdleWarning, Notifier } from '../core/idle/ports.js';
import { formatMoney } from '../core/money.js';

/**
 * A Notifier that writes one line per warning or alert (the CLI's stderr, a Lambda log). The Slack
 * notifier renders the same IdleWarning data as a message with buttons.
 */
export function logNotifier(write: (line: string) => void): Notifier {
  return {
    async warn(w: IdleWarning) {
      const d = w.decision;
      const i = d.instance;
      const cost =
        w.hourlyCost === undefined ? 'unknown cost' : `${formatMoney(w.hourlyCost)} ${w.currency}/h`;
      // A busy untagged machine runs a job: the line says so, and what the owner can do about it.
      const busy = d.rule === 'untagged-busy';
      const fate = d.reasons.includes(WARN_ONLY)
        ? 'will not be stopped (idle.untaggedBusy: warn)'
        : `will stop at ${w.stopAt}`;
      write(
        `warning to ${d.owner ?? '(no owner tag)'}: ${i.provider} ${i.region} ${i.instanceId} (${i.instanceType}) ` +
          `${busy ? 'is busy without model/stage tags and ' : ''}${fate}: ${d.reasons.join(', ')}; ${cost}, ` +
          `saves ~${formatMoney(w.estimatedSavings)} ${w.currency}${busy ? '; tag it (model, stage) or keep it' : ''}`,
      );
    },
    async alert(message: string, details?: Readonly<Record<string, unknown>>) {
      write(`ALERT: ${message}${details ? ` ${JSON.stringify(details)}` : ''}`);
    },
  };
}
