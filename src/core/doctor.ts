// `costguard doctor`: one cheap read-only call per configured source, idle fleet and Slack, each a
// check with a verdict and, when it fails, the fix. The adapters make the calls (their probes); the
// use case (app/doctor.ts) runs them; this module holds the shapes and the readings of the clouds'
// refusals that every adapter shares (pure string work on what the SDKs threw).
import { CostguardError } from './errors.js';

/** What a check belongs to: the checks of one group run side by side, under one progress label. */
export type CheckGroup = 'aws' | 'gcp' | 'azure' | 'opencost' | 'slack';

export type CheckOutcome = { ok: true; detail: string } | { ok: false; detail: string; fix: string };

export interface DoctorCheck {
  /** Stable name scripts match on: aws.costExplorer, gcp.bigquery, slack, ... */
  name: string;
  group: CheckGroup;
  /** Where it calls, for a timeout's message (the check itself names it on other failures). */
  endpoint: string;
  /** One read-only call; the signal aborts it when the check's time is up. */
  run(o: { signal: AbortSignal; timeoutMs: number }): Promise<CheckOutcome>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  /** Present when the check failed: what to change so that it passes. */
  fix?: string;
  ms: number;
}

export const passed = (detail: string): CheckOutcome => ({ ok: true, detail });
export const failed = (detail: string, fix: string): CheckOutcome => ({ ok: false, detail, fix });

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The network error under an SDK's error, if the request never got an answer: each SDK wraps it its
 * own way (AWS passes Node's error on, fetch puts it in `cause`, Slack's client in `original`, Azure
 * keeps the code on its RestError), so the chain is walked and messages are read too.
 */
export function networkFailure(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const x = cur as {
      code?: unknown;
      errno?: unknown;
      message?: unknown;
      cause?: unknown;
      original?: unknown;
    };
    if (typeof x.code === 'string' && NETWORK_CODES.has(x.code)) return x.code;
    const inMessage =
      typeof x.message === 'string' ? /\b(E[A-Z_]{4,}|[A-Z_]*CERT[A-Z_]*)\b/.exec(x.message) : null;
    if (inMessage?.[1] && NETWORK_CODES.has(inMessage[1])) return inMessage[1];
    cur = x.cause ?? x.original;
  }
  return undefined;
}

/** The outcome of a call that never reached `url`. */
export function unreachable(url: string, code: string): CheckOutcome {
  const tls = code.includes('CERT');
  return failed(
    `cannot reach ${url} (${code})`,
    tls
      ? `the TLS certificate of ${url} is not trusted here: fix the endpoint, or point caFile at the CA that signed it`
      : `make ${url} reachable from this machine (endpoint URL in the config, DNS, proxy, firewall)`,
  );
}

/**
 * The permission a cloud's refusal names:
 * AWS "... is not authorized to perform: ce:GetDimensionValues on resource ...",
 * Google "Permission 'monitoring.timeSeries.list' denied ..." / "does not have bigquery.jobs.create
 * permission" / "Required 'compute.instances.list' permission",
 * Azure "... does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' ...".
 */
export function namedPermission(message: string): string | undefined {
  const patterns = [
    /not authorized to perform:? \(?([a-z0-9-]+:[A-Za-z0-9*]+)/,
    /perform action '([^']+)'/,
    /Permission '([a-z]+(?:\.[A-Za-z]+)+)' denied/i,
    /Permission ([a-z]+(?:\.[A-Za-z]+)+) denied/i,
    /does not have ([a-z]+(?:\.[A-Za-z]+)+) permission/,
    /Required '([a-z]+(?:\.[A-Za-z]+)+)' permission/,
  ];
  for (const p of patterns) {
    const m = p.exec(message);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** The AWS principal a refusal names ("User: arn:aws:iam::123:user/x is not authorized ..."). */
export function awsPrincipal(message: string): string | undefined {
  return /User: (arn:\S+) is not authorized/.exec(message)?.[1];
}

/** Azure's principal ("The client 'x' with object id 'y' does not have authorization ..."). */
export function azurePrincipal(message: string): string | undefined {
  return /The client '([^']+)'/.exec(message)?.[1];
}

/** An error's own text, for a failure's detail: "AccessDeniedException: User: ... ". */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  // Our own errors' messages are written for the reader already; their code is for scripts.
  if (e instanceof CostguardError) return e.message;
  const code = (e as { code?: unknown }).code;
  const name = typeof code === 'string' && code !== 'Error' ? code : e.name;
  const message = e.message.replace(/\s+/g, ' ').trim();
  return name && name !== 'Error' && !message.includes(name) ? `${name}: ${message}` : message;
}
