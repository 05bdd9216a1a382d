import { describe, expect, it } from 'vitest';
import { fontFile } from '../../../src/charts/png.js';
import { type ChartData, spendChartSvg } from '../../../src/charts/spend-chart.js';
import { parseMoney } from '../../../src/core/money.js';

// The rollup's chart as resvg draws it with the real font: nothing may touch the image's edges (a
// legend entry or a label running past the right edge is cut off in Slack).

async function pixels(svg: string) {
  const { Resvg } = await import('@resvg/resvg-js');
  const img = new Resvg(svg, {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  }).render();
  return { width: img.width, height: img.height, rgba: img.pixels };
}

/** Columns (from the right) holding any pixel that is not white. */
function inkNearRightEdge(p: { width: number; height: number; rgba: Buffer }, columns: number): number {
  let ink = 0;
  for (let x = p.width - columns; x < p.width; x++)
    for (let y = 0; y < p.height; y++) {
      const i = (y * p.width + x) * 4;
      if ((p.rgba[i] ?? 255) < 230 || (p.rgba[i + 1] ?? 255) < 230 || (p.rgba[i + 2] ?? 255) < 230) ink += 1;
    }
  return ink;
}

describe('the rollup chart fits its image', () => {
  it('long model names and large totals: the legend stays inside', async () => {
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const d: ChartData = {
      title: 'Spend by model, last 30 days (USD, effective)',
      days,
      currency: 'USD',
      series: [
        'mistral-7b-summarize-production',
        'llama3-70b-chat-enterprise-eu',
        'whisper-large-v3-calls-transcribe',
        'codegen-13b',
        'WWWWWWWWWWWWWWWWWWWWWWWWWWWW',
        'recsys-home-ranking-realtime',
        'gemma-2b-edge',
        '193 other',
      ].map((name, k) => ({ name, daily: days.map(() => parseMoney(String(123_456.78 * (k + 1)))) })),
    };
    const p = await pixels(spendChartSvg(d));
    expect(inkNearRightEdge(p, 4)).toBe(0);
  });
});
