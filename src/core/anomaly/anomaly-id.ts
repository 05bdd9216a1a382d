import { createHash } from 'node:crypto';

// Anomaly ids are typed on a command line (`costguard anomalies mark <id> expected`) and carried by
// Slack buttons. The first ids were `series|day|direction`: long, and `|` needs quoting in a shell.
// An id is now `a-` and 12 characters of lowercase base32 of a hash of that same string: short, only
// [a-z2-7-], and still stable (the same series, day and direction always give the same id). Ids of the
// old form still find their anomaly: they map to the new id, and stores fall back to the stored key.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LENGTH = 12; // 60 bits: collisions among a store's anomalies are out of reach

/** The old id of an anomaly: `series|day|direction`. */
export const legacyAnomalyId = (a: { seriesId: string; day: string; direction: string }): string =>
  `${a.seriesId}|${a.day}|${a.direction}`;

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === length) break;
  }
  return out;
}

/** The short id of the anomaly of `seriesId` on `day` in `direction`. */
export function anomalyId(a: { seriesId: string; day: string; direction: string }): string {
  return shortIdOf(legacyAnomalyId(a));
}

const shortIdOf = (legacy: string) =>
  `a-${base32(createHash('sha256').update(legacy, 'utf8').digest(), LENGTH)}`;

/** An id of the old form (it holds `|`) as today's id; today's ids unchanged. */
export function canonicalAnomalyId(id: string): string {
  return id.includes('|') ? shortIdOf(id) : id;
}

/**
 * The keys to look an id up under, in order: today's id, then, for an id of the old form, the id
 * itself (a record judged before short ids, never judged again, is still stored under it).
 */
export function anomalyIdKeys(id: string): string[] {
  const canonical = canonicalAnomalyId(id);
  return canonical === id ? [id] : [canonical, id];
}
