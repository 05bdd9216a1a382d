// What every chart's markup needs: escaping, axis steps, compact amounts, and the one font family the
// PNG renderer is given (png.ts) and the page asks the browser for.

/** The family of the font file given to resvg (DejaVu Sans); browsers fall back to their sans-serif. */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif";

/** Escapes text for SVG/HTML content and attribute values. */
export const escXml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A round axis step so that about `ticks` steps cover `max` (1, 2 or 5 times a power of ten). */
export function niceStep(max: number, ticks: number): number {
  const raw = Math.max(max, 1e-9) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** 12300 -> "12.3K": axis labels only; the exact figures are in the table or the message. */
export function compactAmount(v: number): string {
  const a = Math.abs(v);
  const [d, s] = a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'K'] : [1, ''];
  const x = v / d;
  return `${Number.isInteger(x) || Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)}${s}`;
}

/** Cuts `s` to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * A safe upper bound of the width of `s` in DejaVu Sans at `size` px, from its glyph classes (advance
 * widths in em, rounded up): enough to keep text inside an image without a font engine at hand.
 */
export function textWidth(s: string, size: number): number {
  let em = 0;
  for (const ch of s) {
    if ("il.,:;'|!".includes(ch)) em += 0.35;
    else if ('mwMW@%'.includes(ch)) em += 1.05;
    else if (/[A-Z]/.test(ch)) em += 0.8;
    else em += 0.66;
  }
  return em * size;
}

/** `s`, cut with an ellipsis until it is at most `px` wide at `size` (textWidth). */
export function fitWidth(s: string, px: number, size: number): string {
  if (textWidth(s, size) <= px) return s;
  let t = s;
  while (t.length > 1 && textWidth(`${t}…`, size) > px) t = t.slice(0, -1);
  return `${t}…`;
}

/** An SVG text element in the charts' font. */
export function svgText(
  x: number,
  y: number,
  text: string,
  o: { size?: number; fill?: string; anchor?: 'start' | 'middle' | 'end' } = {},
): string {
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  return `<text x="${+x.toFixed(1)}" y="${+y.toFixed(1)}" font-family="${escXml(FONT_FAMILY)}" font-size="${o.size ?? 12}" fill="${o.fill ?? '#1d1c1d'}"${anchor}>${escXml(text)}</text>`;
}
