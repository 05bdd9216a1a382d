import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsLambdaReceiver, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import { createSlackApp } from './app.js';
import type { SlackDeps } from './ports.js';
import { originOf, screenSlackRequest } from './request-screen.js';

export interface SlackRuntimeOptions {
  deps: SlackDeps;
  botToken: string;
  signingSecret: string;
  slackApiUrl?: string;
  quietDays?: number;
  logger?: Logger;
}

/** Slack's payloads are a few kilobytes; a body beyond this is not Slack's. */
const BODY_LIMIT = 1 << 20;

/** Origins besides Slack's that a response_url may use: the configured API of a local fake. */
const extraOrigins = (o: SlackRuntimeOptions): string[] => {
  const origin = o.slackApiUrl ? originOf(o.slackApiUrl) : undefined;
  return origin ? [origin] : [];
};

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Self-hosting (`costguard slack serve`): Bolt's HTTP receiver on POST /slack/events behind our own
 * server, which reads the body once and screens it (request-screen.ts) before Bolt verifies the
 * signature; Bolt acks as soon as the listener calls ack() (the answer follows through response_url).
 * A bad request gets its 4xx and the server keeps serving.
 */
export async function startSlackServer(
  o: SlackRuntimeOptions & { port: number; host?: string },
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: o.signingSecret,
    logLevel: LogLevel.WARN,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  createSlackApp({ receiver, ...o });
  const origins = extraOrigins(o);
  const server = createServer((req, res) => {
    const fail = (status: number, reason: string) => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' }).end(`${reason}\n`);
      o.logger?.warn(`refused a Slack request (${status}): ${reason}`);
    };
    readBody(req)
      .then((raw) => {
        if (raw === undefined) return fail(413, 'request body too large');
        const verdict = screenSlackRequest({
          rawBody: raw.toString('utf8'),
          contentType: req.headers['content-type'],
          timestamp: req.headers['x-slack-request-timestamp'] as string | undefined,
          now: new Date(),
          extraOrigins: origins,
        });
        if (!verdict.ok) return fail(verdict.status, verdict.reason);
        // Bolt reuses a body already read into rawBody (HTTPModuleFunctions.bufferIncomingMessage).
        (req as IncomingMessage & { rawBody: Buffer }).rawBody = raw;
        receiver.requestListener(req, res);
      })
      .catch((e: unknown) => fail(400, `unreadable request: ${(e as Error).message}`));
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/slack/events`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
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
  const bolt = await receiver.start();
  const origins = extraOrigins(o);
  return async (event: LambdaHttpEvent, context: unknown) => {
    const header = (name: string) =>
      Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
    const verdict = screenSlackRequest({
      rawBody: event.isBase64Encoded
        ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
        : (event.body ?? ''),
      contentType: header('content-type'),
      timestamp: header('x-slack-request-timestamp'),
      now: new Date(),
      extraOrigins: origins,
    });
    if (!verdict.ok) {
      o.logger?.warn(`refused a Slack request (${verdict.status}): ${verdict.reason}`);
      return { statusCode: verdict.status, body: verdict.reason };
    }
    return bolt(event as never, context);
  };
}

/** The parts of an API Gateway HTTP API event the screen reads. */
export interface LambdaHttpEvent {
  body?: string | null;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined>;
}
