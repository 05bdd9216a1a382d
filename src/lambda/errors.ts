import { CostguardError } from '../core/errors.js';

/** The Lambda runtime is misconfigured (missing environment, unreadable parameter, bad event). */
export class LambdaConfigError extends CostguardError {}

/** An event this function does not handle. */
export class UnsupportedEventError extends CostguardError {
  constructor(fn: string, what: string, options?: { cause?: unknown }) {
    super(
      'UNSUPPORTED_EVENT',
      `${fn}: cannot handle ${what}; see docs/deploy.md for the events it takes.`,
      options,
    );
  }
}
