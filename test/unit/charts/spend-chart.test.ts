import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../../src/charts/png.js';
import { chartAltText, chartData, spendChartSvg } from '../../../src/charts/spend-chart.js';
import { compactAmount, FONT_FAMILY } from '../../../src/charts/svg-text.js';
import { moneyOf } from '../../../src/core/money.js';
import { buildRollupSpend } from '../../../src/core/rollup.js';
import { sparkline } from '../../../src/slack/blocks/text.js';
import { orgFacts, YESTERDAY } from '../../helpers/slack-world.js';

describe('30-day spend-by-model chart', () => {
  it('keeps the top 7 models and sums the rest as "other" without losing money', () => {
    const spend = buildRollupSpend(orgFacts(20), YESTERDAY);
    const d = chartData(spend);
    expect(d.series).toHaveLength(8);
    expect(d.series[0]?.name).toBe('llama3-70b');
    expect(d.series[7]?.name).toBe('14 other');
    const sumAll = (xs: { daily: readonly bigint[] }[]) =>
      xs.reduce((a, s) => a + s.daily.reduce((b, v) => b + v, 0n), 0n);
    expect(sumAll(d.series)).toBe(sumAll(spend.models));
    expect(chartAltText(d)).toContain('llama3-70b');
  });

  it('renders to a PNG of the right size with resvg and the DejaVu font file, the text as text', async () => {
    const spend = buildRollupSpend(orgFacts(20), YESTERDAY);
    const svg = spendChartSvg(chartData(spend));
    expect(svg).toContain('<text');
    expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
    expect(svg).toContain('llama3-70b');
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(30 * 8);
    const png = await svgToPng(svg);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(960); // IHDR width
    expect(png.readUInt32BE(20)).toBe(440);
  });

  it('labels axes compactly and draws text sparklines', () => {
    expect(compactAmount(12300)).toBe('12.3K');
    expect(compactAmount(2_000_000)).toBe('2M');
    expect(compactAmount(250)).toBe('250');
    expect(sparkline([moneyOf(0), moneyOf(5), moneyOf(10)])).toBe('▁▅█');
    expect(sparkline([moneyOf(3), moneyOf(3)])).toBe('▄▄');
  });
});
