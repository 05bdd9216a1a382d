import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIM_PRINCIPAL } from './faults.js';

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

/** ARM's refusal of a principal without `action` at `scope`, in the words ARM uses (403 AuthorizationFailed). */
export const armDenial = (action: string, scope: string) =>
  `The client '${SIM_PRINCIPAL.azure}' with object id '${SIM_PRINCIPAL.azure}' does not have authorization ` +
  `to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently ` +
  'granted, please refresh your credentials.';
