import type { ServerResponse } from 'node:http';

export function sendGoogleJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

/** Google's JSON error envelope; REST clients map `status` to a gRPC code. */
export function sendGoogleError(res: ServerResponse, code: number, status: string, message: string): void {
  sendGoogleJson(res, code, {
    error: { code, message, status, errors: [{ message, domain: 'global', reason: status }] },
  });
}

export const throttled = (res: ServerResponse) =>
  sendGoogleError(
    res,
    429,
    'RESOURCE_EXHAUSTED',
    'Quota exceeded for quota metric (fake): rate limit exceeded.',
  );
