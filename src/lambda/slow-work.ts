import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** A `/cost` request handed off so the 3-second acknowledgement is never late. Plain data. */
export interface CostJob {
  kind: 'cost';
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
}

/** Work that may outlast Slack's acknowledgement window (the Slack issue defines the same port). */
export interface SlowWork {
  submit(job: CostJob): Promise<void>;
}

/** Under Lambda: an asynchronous invocation of the worker function (returns once Lambda queued it). */
export function lambdaSlowWork(lambda: LambdaClient, functionName: string): SlowWork {
  return {
    async submit(job) {
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
