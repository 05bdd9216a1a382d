import { CostguardError } from '../core/errors.js';

/**
 * A cloud call of a Fleet adapter failed. `code` is stable (FLEET_LIST_FAILED, FLEET_METRICS_FAILED,
 * FLEET_READ_FAILED, FLEET_STOP_FAILED, FLEET_CONFIG); the message names the cloud, the instance and
 * the cloud's error.
 */
export class FleetError extends CostguardError {}

/** The cloud's own error code and message, whatever SDK threw it. */
export function cloudMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code ?? e.name;
    return typeof code === 'string' && code !== 'Error' && !e.message.includes(code)
      ? `${code}: ${e.message}`
      : e.message;
  }
  return String(e);
}
