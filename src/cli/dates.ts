import { isMatch } from 'date-fns/isMatch';
import { InvalidInputError } from '../core/errors.js';

/** Validates a `YYYY-MM-DD` flag value (a real calendar day). */
export function parseDay(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isMatch(value, 'yyyy-MM-dd')) {
    throw new InvalidInputError(`${flag} must be a day as YYYY-MM-DD, got "${value}".`);
  }
  return value;
}

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`;
}
