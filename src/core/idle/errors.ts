import { CostguardError } from '../errors.js';

/**
 * The idle guard refused to act (blast radius exceeded), was given an inconsistent policy, or cannot
 * act on an instance (no fleet configured for it, not found, its tags not written).
 */
export class IdleGuardError extends CostguardError {}
