import { createRequire } from 'node:module';

// SVG to PNG with resvg (native, prebuilt per platform, no browser), given one real font file
// (DejaVu Sans from the dejavu-fonts-ttf package) and no system fonts, so the output is the same on
// every machine. Loaded on first use: the Lambda bundles leave the native module out (serverless.yml
// custom.bundle.external), and a rollup without it still posts, without the chart.

const require = createRequire(import.meta.url);

/** The font file the charts' text is drawn with. */
export const fontFile = (): string => require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return r.render().asPng();
}
