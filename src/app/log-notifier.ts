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
      write(
        `warning to ${d.owner ?? '(no owner tag)'}: ${i.provider} ${i.region} ${i.instanceId} (${i.instanceType}) ` +
          `will stop at ${w.stopAt}: ${d.reasons.join(', ')}; ${cost}, saves ~${formatMoney(w.estimatedSavings)} ${w.currency}`,
      );
    },
    async alert(message: string, details?: Readonly<Record<string, unknown>>) {
      write(`ALERT: ${message}${details ? ` ${JSON.stringify(details)}` : ''}`);
    },
  };
}
