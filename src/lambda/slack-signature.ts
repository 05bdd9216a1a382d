import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack rejects nothing itself: a request is Slack's only if this holds (api.slack.com/authentication/verifying-requests-from-slack). */
export function verifySlackSignature(
  signingSecret: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: string,
  nowMs: number,
): boolean {
  const ts = Number(headers.timestamp);
  // Older than five minutes: a replay, whatever its signature says.
  if (!Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > 300 || !headers.signature) return false;
  const want = `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
  const a = Buffer.from(want);
  const b = Buffer.from(headers.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Signs like Slack does: for tests and the local simulator. */
export function signSlackRequest(signingSecret: string, rawBody: string, nowMs: number) {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  return { timestamp, signature };
}
