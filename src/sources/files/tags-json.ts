import type { Tags } from '../../core/cost-line.js';

/**
 * Parses a FOCUS `Tags` value: a JSON object of key -> value. Non-string values (numbers, booleans)
 * become their text; null values are dropped (a tag with no value attributes nothing). Returns
 * undefined when the text is not a JSON object.
 */
export function parseTags(raw: string): Tags | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return Object.freeze(out);
}
