import type { Tags } from '../cost-line.js';

/**
 * Tag keys compare ignoring case and surrounding whitespace, and without the prefixes AWS adds to
 * user-defined cost allocation tags: `user:` (Cost Explorer, legacy CUR) and `user_` (CUR 2.0).
 * `-`, `_` and `.` stay distinct: `ml-model` and `ml_model` are different keys.
 */
export function normalizeTagKey(key: string): string {
  const k = key.trim().toLowerCase();
  if (k.startsWith('user:') || k.startsWith('user_')) return k.slice(5).trim();
  return k;
}

/** How tag values are kept (attribution.tagValueCase): lowercased (the default) or as written. */
export type TagValueCase = 'lower' | 'keep';

/** Trimmed, and lowercased unless `valueCase` is 'keep'; aliases apply after. */
export function normalizeTagValue(value: string, valueCase: TagValueCase = 'lower'): string {
  const v = value.trim();
  return valueCase === 'keep' ? v : v.toLowerCase();
}

const normalizedCache = new WeakMap<Tags, ReadonlyMap<string, string>>();

/**
 * Normalized key -> raw value, first non-empty value wins when two raw keys normalize alike
 * ("Env" and "env"), in the line's own key order. Cached per tags object: sources share one object
 * between lines with the same tags, so this runs once per distinct tag set.
 */
export function normalizedTags(tags: Tags): ReadonlyMap<string, string> {
  const cached = normalizedCache.get(tags);
  if (cached) return cached;
  const out = new Map<string, string>();
  for (const [rawKey, rawValue] of Object.entries(tags)) {
    if (typeof rawValue !== 'string' || rawValue.trim() === '') continue;
    const key = normalizeTagKey(rawKey);
    if (!out.has(key)) out.set(key, rawValue);
  }
  normalizedCache.set(tags, out);
  return out;
}
