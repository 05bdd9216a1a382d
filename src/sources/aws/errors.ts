import { CostguardError } from '../../core/errors.js';

/** A call to an AWS billing API failed after retries, or answered in a shape we cannot read. */
export class AwsSourceError extends CostguardError {}
