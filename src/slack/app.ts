import {
  type AnyMiddlewareArgs,
  App,
  type Logger,
  LogLevel,
  type Middleware,
  type Receiver,
} from '@slack/bolt';
import { registerAnomalyActions } from './anomaly-alerts.js';
import { registerCostCommand } from './cost-command.js';
import { registerIdleActions } from './idle-warnings.js';
import type { SlackDeps } from './ports.js';

export interface SlackAppOptions {
  /** HTTPReceiver for `costguard slack serve`, AwsLambdaReceiver for the function, both verify signatures. */
  receiver: Receiver;
  deps: SlackDeps;
  botToken: string;
  /** `slackApiUrl` points the Web API client at a local fake in tests and the demo. */
  slackApiUrl?: string;
  /** Days an "expected" mark silences the same series and cause (anomalies.suppressDays). */
  quietDays?: number;
  logger?: Logger;
}

/**
 * Slack retries a request it thinks failed (X-Slack-Retry-Num): the first attempt ran already, so a
 * retry is acknowledged and dropped, and no side effect happens twice.
 */
export const dropRetries: Middleware<AnyMiddlewareArgs> = async (args) => {
  if (args.context.retryNum !== undefined) {
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    return;
  }
  await args.next();
};

/** One Bolt app for both runtimes; the receiver decides how requests arrive. */
export function createSlackApp(o: SlackAppOptions): App {
  const app = new App({
    receiver: o.receiver,
    token: o.botToken,
    // auth.test on the first request instead of at construction: no call before the server is up.
    tokenVerificationEnabled: false,
    ...(o.slackApiUrl ? { clientOptions: { slackApiUrl: o.slackApiUrl } } : {}),
    ...(o.logger ? { logger: o.logger } : { logLevel: LogLevel.WARN }),
  });
  app.use(dropRetries);
  registerCostCommand(app, o.deps);
  registerAnomalyActions(app, o.deps, o.quietDays ?? 14);
  registerIdleActions(app, o.deps);
  return app;
}
