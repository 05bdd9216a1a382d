import { isDay } from '../core/day.js';
import { InvalidInputError } from '../core/errors.js';

/** Validates a `YYYY-MM-DD` flag value (a real calendar day). */
export function parseDay(flag: string, value: string): string {
  if (!isDay(value)) throw new InvalidInputError(`${flag} must be a day as YYYY-MM-DD, got "${value}".`);
  return value;
}
