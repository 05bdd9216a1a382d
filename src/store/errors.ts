import { CostguardError } from '../core/errors.js';

/** A CostStore could not open, read or write its data. */
export class StoreError extends CostguardError {}
