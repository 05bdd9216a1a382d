import { CloudCallError, type CloudProvider, callCloud } from '../core/cloud-call.js';

/** What a Fleet adapter asks of a cloud; each has its stable error code. */
export type FleetOp = 'list' | 'metrics' | 'stop' | 'read' | 'tag';

const CODES: Readonly<Record<FleetOp, string>> = {
  list: 'FLEET_LIST_FAILED',
  metrics: 'FLEET_METRICS_FAILED',
  stop: 'FLEET_STOP_FAILED',
  read: 'FLEET_READ_FAILED',
  tag: 'FLEET_TAG_FAILED',
};

/**
 * One call (or a few that stand or fall together) of a Fleet adapter. The SDK clients retry on their
 * own here, with the same guarantees core/cloud-call gives the billing sources (jittered exponential
 * backoff, throttling and 5xx retried, Retry-After honoured: AWS's standard retry mode, google-gax's
 * retry settings in gcp/gax-options.ts, the Azure pipeline's retry policy), and nothing counts fleet
 * requests: so one attempt, and the failure becomes a CloudCallError that names the cloud, the scope,
 * the instance and the cloud's own error ("AWS us-east-1: cannot stop i-0abc: UnsupportedOperation: ...").
 */
export function fleetCall<T>(
  provider: CloudProvider,
  op: FleetOp,
  what: string,
  run: () => Promise<T>,
): Promise<T> {
  return callCloud(run, { provider, what, code: CODES[op] });
}

/** The instance lies in no scope the config gives this adapter (a stale Slack button, a removed region). */
export function notConfigured(provider: CloudProvider, op: FleetOp, message: string): CloudCallError {
  return new CloudCallError({ code: CODES[op], provider, kind: 'config', request: message, message });
}
