import { CostguardError } from '../../core/errors.js';

/** An Azure Cost Management call failed after retries, or answered in a shape we cannot read. */
export class AzureSourceError extends CostguardError {}
