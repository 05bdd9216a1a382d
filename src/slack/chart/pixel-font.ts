/**
 * A 5x7 pixel font drawn as SVG paths. Why not <text>: the PNG is rendered in Lambda, whose image has
 * no fonts, and resvg draws nothing for text it has no font for. Paths render the same everywhere.
 * Each glyph is 7 rows, two hex digits per row, bit 4 the leftmost pixel. Lowercase draws as uppercase.
 */
const GLYPHS: Record<string, string> = {
  '0': '0e11131519110e',
  '1': '040c040404040e',
  '2': '0e11010204081f',
  '3': '1f02040201110e',
  '4': '02060a121f0202',
  '5': '1f101e0101110e',
  '6': '0608101e11110e',
  '7': '1f010204080808',
  '8': '0e11110e11110e',
  '9': '0e11110f01020c',
  A: '0e11111f111111',
  B: '1e11111e11111e',
  C: '0e11101010110e',
  D: '1c12111111121c',
  E: '1f10101e10101f',
  F: '1f10101e101010',
  G: '0e11101711110f',
  H: '1111111f111111',
  I: '0e04040404040e',
  J: '0702020202120c',
  K: '11121418141211',
  L: '1010101010101f',
  M: '111b1515111111',
  N: '11111915131111',
  O: '0e11111111110e',
  P: '1e11111e101010',
  Q: '0e11111115120d',
  R: '1e11111e141211',
  S: '0f10100e01011e',
  T: '1f040404040404',
  U: '1111111111110e',
  V: '11111111110a04',
  W: '1111111515150a',
  X: '11110a040a1111',
  Y: '1111110a040404',
  Z: '1f01020408101f',
  ' ': '00000000000000',
  '.': '00000000000c0c',
  ',': '000000000c0408',
  '-': '0000001f000000',
  $: '040f140e051e04',
  '%': '18190204081303',
  ':': '000c0c000c0c00',
  '/': '01010204081010',
  _: '0000000000001f',
  '(': '02040808080402',
  ')': '08040202020408',
  '+': '0004041f040400',
  '€': '07081e081e0807',
  '£': '0609081c08081f',
  '?': '0e110102040004',
};

export const GLYPH_W = 5;
export const GLYPH_H = 7;
/** Advance per character in font pixels (one pixel of spacing). */
export const ADVANCE = 6;

/** The path data of `text` with its top-left at (x, y), one font pixel = `scale` SVG units. */
export function textPath(text: string, x: number, y: number, scale: number): string {
  const parts: string[] = [];
  let cx = x;
  for (const ch of text) {
    const glyph = GLYPHS[ch] ?? GLYPHS[ch.toUpperCase()] ?? (GLYPHS['?'] as string);
    for (let row = 0; row < GLYPH_H; row++) {
      const bits = Number.parseInt(glyph.slice(row * 2, row * 2 + 2), 16);
      for (let col = 0; col < GLYPH_W; col++) {
        if (bits & (1 << (GLYPH_W - 1 - col))) {
          const px = +(cx + col * scale).toFixed(2);
          const py = +(y + row * scale).toFixed(2);
          parts.push(`M${px} ${py}h${scale}v${scale}h-${scale}z`);
        }
      }
    }
    cx += ADVANCE * scale;
  }
  return parts.join('');
}

export const textWidth = (text: string, scale: number) => [...text].length * ADVANCE * scale - scale;
