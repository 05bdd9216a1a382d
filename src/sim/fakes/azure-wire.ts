import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendArm(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': 'fake',
    ...headers,
  });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** ARM's error envelope. */
export function sendArmError(res: ServerResponse, status: number, code: string, message: string): void {
  sendArm(res, status, { error: { code, message } });
}

/** ARM throttles with 429 and a Retry-After; the SDKs also honour the millisecond header. */
export const armThrottled = (res: ServerResponse) =>
  sendArm(
    res,
    429,
    { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } },
    { 'retry-after-ms': '20', 'retry-after': '1' },
  );

/** Base URL the client reached us on, for nextLink and operation URLs (ARM returns absolute URLs). */
export const origin = (req: IncomingMessage) => `https://${req.headers.host}`;

export function requireBearer(req: IncomingMessage, res: ServerResponse): boolean {
  if (!/^Bearer \S+/.test(String(req.headers.authorization ?? ''))) {
    sendArmError(
      res,
      401,
      'AuthenticationFailed',
      'Authentication failed. The Authorization header is missing.',
    );
    return false;
  }
  return true;
}
