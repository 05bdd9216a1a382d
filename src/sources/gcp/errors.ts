import { CostguardError } from '../../core/errors.js';

/** A Google Cloud billing API call failed after retries, or answered in a shape we cannot read. */
export class GcpSourceError extends CostguardError {}
