import type { NotifyEvent, NotifyTarget } from '../config/notify-schema.js';
import type { AlertSink } from '../core/anomaly/ports.js';
import { CostguardError } from '../core/errors.js';
import type { RollupSpend } from '../core/rollup.js';
import {
  anomalyCard,
  anomalyDocument,
  budgetCard,
  budgetDocument,
  rollupCard,
  rollupDocument,
  teamsMessage,
} from './cards.js';

/** A target with its URL read from where the config says (the URL carries the webhook's key). */
export interface ResolvedTarget extends Pick<NotifyTarget, 'name' | 'kind' | 'events'> {
  url: string;
}

/** One or more targets refused or could not be reached; the others got the message. */
export class NotifyError extends CostguardError {
  constructor(message: string, cause?: unknown) {
    super('NOTIFY_FAILED', message, { cause });
  }
}

export interface Notifier extends AlertSink {
  rollup(spend: RollupSpend): Promise<void>;
}

/**
 * Alerts and the rollup to Microsoft Teams (Adaptive Cards) and generic JSON webhooks. Every target
 * that takes an event gets it, whatever another target answered; failures are reported together
 * afterwards, naming the target, never its URL.
 */
export function notifier(
  targets: readonly ResolvedTarget[],
  o: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Notifier {
  const doFetch = o.fetch ?? fetch;
  const send = async (event: NotifyEvent, teams: () => object, webhook: () => object) => {
    const failures: string[] = [];
    let cause: unknown;
    for (const t of targets.filter((x) => x.events.includes(event))) {
      const body = JSON.stringify(t.kind === 'teams' ? teams() : webhook());
      try {
        const res = await doFetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        });
        // Teams Workflows answer 202 Accepted, incoming webhooks 200: any 2xx is delivered.
        if (!res.ok) failures.push(`${t.name} answered HTTP ${res.status}`);
      } catch (e) {
        cause = e;
        failures.push(`${t.name} could not be reached (${(e as Error).name})`);
      }
    }
    if (failures.length)
      throw new NotifyError(`${event}: ${failures.join('; ')} (the other targets got it)`, cause);
  };
  return {
    anomalies: async (found, context) => {
      for (const a of found.filter((x) => x.status === 'new')) {
        const also = context?.get(a.id) ?? [];
        await send(
          'anomalies',
          () => teamsMessage(anomalyCard(a, also)),
          () => anomalyDocument(a, also),
        );
      }
    },
    budget: (alert, status) =>
      send(
        'budgets',
        () => teamsMessage(budgetCard(alert, status.period)),
        () => budgetDocument(alert, status.period),
      ),
    rollup: (spend) =>
      send(
        'rollup',
        () => teamsMessage(rollupCard(spend)),
        () => rollupDocument(spend),
      ),
  };
}

/**
 * Slack (or the log) first, then the notifier. A notifier failure is reported to `onError` and never
 * fails the delivery: a budget claim is released when its delivery fails, and a Teams outage must not
 * make Slack post the same alert again on the next run.
 */
export function alsoNotify(
  primary: AlertSink,
  secondary: Notifier,
  onError: (e: unknown) => void,
): AlertSink {
  const quietly = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (e) {
      onError(e);
    }
  };
  return {
    anomalies: async (found, context) => {
      await primary.anomalies(found, context);
      await quietly(() => secondary.anomalies(found, context));
    },
    budget: async (alert, status) => {
      await primary.budget(alert, status);
      await quietly(() => secondary.budget(alert, status));
    },
    ...(primary.ongoing ? { ongoing: (updates) => primary.ongoing?.(updates) ?? Promise.resolve() } : {}),
  };
}
