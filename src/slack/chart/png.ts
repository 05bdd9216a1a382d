import { Resvg } from '@resvg/resvg-js';

/**
 * SVG to PNG with resvg (native, prebuilt per platform, no browser). System fonts are not loaded:
 * the chart draws its text as paths (pixel-font.ts), so the output is the same on every machine.
 */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, { font: { loadSystemFonts: false }, background: '#ffffff' });
  return r.render().asPng();
}
