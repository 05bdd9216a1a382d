import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

import type { SlackJob, SlowWork } from '../slack/ports.js';

// One job shape for both runtimes: the Slack bot's port (src/slack/ports.ts) is the definition.
export type { CostJob, IdleAnswerJob, SlackJob, SlowWork } from '../slack/ports.js';

/** Under Lambda: an asynchronous invocation of the worker function (returns once Lambda queued it). */
export function lambdaSlowWork(lambda: LambdaClient, functionName: string): SlowWork {
  return {
    async submit(job: SlackJob) {
      await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: JSON.stringify(job),
        }),
      );
    },
  };
}

export { invokeGrant as slowWorkGrant } from './grants.js';
