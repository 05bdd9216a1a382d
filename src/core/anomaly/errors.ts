import { CostguardError } from '../errors.js';

/** A mark named an anomaly id the store does not hold. */
export class UnknownAnomalyError extends CostguardError {
  constructor(id: string, options?: { cause?: unknown }) {
    super(
      'UNKNOWN_ANOMALY',
      `no anomaly with id "${id}". List them with \`costguard anomalies --format json\`.`,
      options,
    );
  }
}
