import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIM_PRINCIPAL } from './faults.js';

export function xmlEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

/** The region a SigV4-signed request was signed for: `Credential=AKID/20261123/us-east-1/ec2/aws4_request`. */
export function signedRegion(req: IncomingMessage): string {
  const auth = String(req.headers.authorization ?? '');
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth)?.[1] ?? 'us-east-1';
}

/** The access key id a SigV4-signed request carries. */
export function signedAccessKey(req: IncomingMessage): string | undefined {
  return /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
}

/** Query-protocol list parameters: `InstanceId.1`, `InstanceId.2`, ... in order. */
export function listParam(params: URLSearchParams, prefix: string): string[] {
  const out: [number, string][] = [];
  for (const [k, v] of params) {
    const m = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

/** EC2's error envelope (it differs from the other query services: Response/Errors/Error). */
export function sendEc2Error(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors>` +
      `<RequestID>fake-request</RequestID></Response>`,
  );
}

export const tagSetXml = (tags: Record<string, string>) =>
  `<tagSet>${Object.entries(tags)
    .map(([k, v]) => `<item><key>${xmlEscape(k)}</key><value>${xmlEscape(v)}</value></item>`)
    .join('')}</tagSet>`;

/** IAM's refusal of a principal whose policy lacks the action, in the words AWS uses. */
export const iamDenial = (action: string, resource: string) =>
  `User: ${SIM_PRINCIPAL.aws} is not authorized to perform: ${action} on resource: ${resource} ` +
  `because no identity-based policy allows the ${action} action`;
