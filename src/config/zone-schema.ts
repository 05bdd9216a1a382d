import { z } from 'zod';

/** True when `tz` is an IANA time zone this runtime knows. */
function knownZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name; `message` says what was expected when it is not one. */
export const ianaTimeZone = (message: string) => z.string().refine(knownZone, { message });
