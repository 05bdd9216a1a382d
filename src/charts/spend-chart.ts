import { type Money, moneyToNumber } from '../core/money.js';
import type { RollupSpend } from '../core/rollup.js';
import { colorAt, GREY } from './palette.js';
import { clip, compactAmount, fitWidth, niceStep, svgText } from './svg-text.js';

// The daily spend-by-model chart of the Slack rollup (a PNG through png.ts): stacked bars, the top
// models and the rest as "other", the legend with each series' total.

export interface ChartSeries {
  name: string;
  daily: readonly Money[];
}

export interface ChartData {
  title: string;
  days: readonly string[];
  currency: string;
  /** Stacked bottom to top; the last one is usually "other". */
  series: ChartSeries[];
}

/** The chart's data: the top models by 30-day spend, the rest summed as "other" (a chart, not a table). */
export function chartData(spend: RollupSpend, top = 7): ChartData {
  const sum = (xs: readonly Money[]) => xs.reduce((a, v) => a + v, 0n);
  const ranked = [...spend.models].sort((a, b) => {
    const d = sum(b.daily) - sum(a.daily);
    return d !== 0n ? (d > 0n ? 1 : -1) : a.model < b.model ? -1 : 1;
  });
  const shown = ranked.slice(0, top).filter((m) => sum(m.daily) !== 0n);
  const rest = ranked.slice(shown.length);
  const series: ChartSeries[] = shown.map((m) => ({ name: m.model, daily: m.daily }));
  if (rest.length)
    series.push({
      name: `${rest.length} other`,
      daily: spend.seriesDays.map((_, i) => rest.reduce((a, m) => a + (m.daily[i] ?? 0n), 0n)),
    });
  return {
    title: `Spend by model, last ${spend.seriesDays.length} days (${spend.currency}, ${spend.metric})`,
    days: spend.seriesDays,
    currency: spend.currency,
    series,
  };
}

const W = 960;
const H = 440;
const PLOT = { left: 70, top: 44, right: 700, bottom: 390 };

/** The series' colour: the palette in order, grey for the summed rest. */
const seriesColor = (d: ChartData, k: number) =>
  d.series[k]?.name.endsWith(' other') && k === d.series.length - 1 ? GREY : colorAt(k);

/** A stacked daily bar chart as SVG; pure (data in, markup out). Negative days (credits) stack at 0. */
export function spendChartSvg(d: ChartData): string {
  const n = d.days.length;
  const values = d.series.map((s) => s.daily.map((v) => Math.max(0, moneyToNumber(v, 2))));
  const totals = d.days.map((_, i) => values.reduce((a, s) => a + (s[i] ?? 0), 0));
  const step = niceStep(Math.max(1, ...totals), 4);
  const top = Math.ceil(Math.max(1, ...totals) / step) * step;
  const ph = PLOT.bottom - PLOT.top;
  const slot = (PLOT.right - PLOT.left) / Math.max(1, n);
  const y = (v: number) => PLOT.bottom - (v / top) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    svgText(PLOT.left, 28, d.title, { size: 16 }),
  ];
  for (let t = 0; t <= top + 1e-9; t += step) {
    const ty = +y(t).toFixed(1);
    const label = compactAmount(t);
    out.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${ty}" y2="${ty}" stroke="#e5e5e5"/>`);
    out.push(svgText(PLOT.left - 8, ty + 4, label, { fill: '#616061', anchor: 'end' }));
  }
  d.days.forEach((day, i) => {
    let base = 0;
    const x = +(PLOT.left + i * slot + slot * 0.12).toFixed(2);
    const w = +(slot * 0.76).toFixed(2);
    values.forEach((s, k) => {
      const v = s[i] ?? 0;
      if (v <= 0) return;
      const y0 = y(base + v);
      out.push(
        `<rect x="${x}" y="${+y0.toFixed(2)}" width="${w}" height="${+(y(base) - y0).toFixed(2)}" fill="${seriesColor(d, k)}"/>`,
      );
      base += v;
    });
    if (i % 5 === (n - 1) % 5) {
      const label = day.slice(5);
      out.push(svgText(x + w / 2, PLOT.bottom + 20, label, { fill: '#616061', anchor: 'middle' }));
    }
  });
  out.push(
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#616061"/>`,
  );
  // Each legend entry: the name on one line, cut to the room left of the image's edge, its total below.
  const room = W - (PLOT.right + 46) - 10;
  d.series.forEach((s, k) => {
    const ly = PLOT.top + k * 38;
    const total = values[k]?.reduce((a, v) => a + v, 0) ?? 0;
    out.push(`<rect x="${PLOT.right + 24}" y="${ly}" width="14" height="14" fill="${seriesColor(d, k)}"/>`);
    out.push(svgText(PLOT.right + 46, ly + 12, fitWidth(s.name, room, 12)));
    out.push(
      svgText(PLOT.right + 46, ly + 27, `${compactAmount(total)} ${d.currency}`, {
        size: 11,
        fill: '#616061',
      }),
    );
  });
  out.push('</svg>');
  return out.join('');
}

/** Alt text for the image: the same numbers in words, for screen readers and notifications. */
export function chartAltText(d: ChartData): string {
  const parts = d.series.map(
    (s) =>
      `${s.name} ${compactAmount(
        moneyToNumber(
          s.daily.reduce((a, v) => a + v, 0n),
          2,
        ),
      )}`,
  );
  return clip(`${d.title}: ${parts.join(', ')}`, 2000);
}
