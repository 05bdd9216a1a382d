import { CostguardError } from '../errors.js';

/** The idle guard refused to act (blast radius exceeded) or was given an inconsistent policy. */
export class IdleGuardError extends CostguardError {}
