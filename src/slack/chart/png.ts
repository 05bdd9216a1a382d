/**
 * SVG to PNG with resvg (native, prebuilt per platform, no browser). System fonts are not loaded:
 * the chart draws its text as paths (pixel-font.ts), so the output is the same on every machine.
 * Loaded on first use: the Lambda bundles leave the native module out (serverless.yml
 * custom.bundle.external), and a rollup without it still posts, without the chart.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, { font: { loadSystemFonts: false }, background: '#ffffff' });
  return r.render().asPng();
}
