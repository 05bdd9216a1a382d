import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsLambdaReceiver, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import { createSlackApp } from './app.js';
import type { SlackDeps } from './ports.js';

export interface SlackRuntimeOptions {
  deps: SlackDeps;
  botToken: string;
  signingSecret: string;
  slackApiUrl?: string;
  quietDays?: number;
  logger?: Logger;
}

/**
 * Self-hosting (`costguard slack serve`): Bolt's HTTP receiver on POST /slack/events. It verifies
 * every request's signature and timestamp like the Lambda receiver does, and acks as soon as the
 * listener calls ack() (the answer follows through response_url).
 */
export async function startSlackServer(
  o: SlackRuntimeOptions & { port: number; host?: string },
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: o.signingSecret,
    logLevel: LogLevel.WARN,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  const app = createSlackApp({ receiver, ...o });
  const server = (await app.start({ port: o.port, host: o.host ?? '127.0.0.1' })) as Server;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}/slack/events`,
    port,
    stop: () => app.stop() as Promise<void>,
  };
}

/**
 * The deployed function: Bolt's AWS Lambda receiver answers API Gateway only after the listener
 * returns, so listeners must ack and hand slow work to `deps.slowWork` (an async invoke in Lambda).
 */
export async function makeSlackLambdaHandler(o: SlackRuntimeOptions) {
  const receiver = new AwsLambdaReceiver({
    signingSecret: o.signingSecret,
    logLevel: LogLevel.WARN,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  createSlackApp({ receiver, ...o });
  return receiver.start();
}
