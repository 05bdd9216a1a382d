import type { Tags } from '../../core/cost-line.js';

/** The value of a JSON text, undefined when the text is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Tags from key -> value pairs: null values are dropped (a tag with no value attributes nothing), the
 * others become text as `text` writes them (by default a string as it is, any other value as JSON).
 */
export function tagsOf(
  entries: Iterable<readonly [string, unknown]>,
  text: (value: unknown) => string = (v) => (typeof v === 'string' ? v : JSON.stringify(v)),
): Tags {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) if (v !== null && v !== undefined) out[k] = text(v);
  return Object.freeze(out);
}

/**
 * Parses a FOCUS `Tags` value: a JSON object of key -> value. Non-string values (numbers, booleans)
 * become their text; null values are dropped (a tag with no value attributes nothing). Returns
 * undefined when the text is not a JSON object.
 */
export function parseTags(raw: string): Tags | undefined {
  const value = parseJson(raw);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return tagsOf(Object.entries(value));
}
