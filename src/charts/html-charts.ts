import { ALERT } from './palette.js';
import { compactAmount, escXml, FONT_FAMILY, niceStep } from './svg-text.js';

// The HTML report's charts (inline SVG, so the page opens offline): pure functions, data in, markup
// out, with the palette and text helpers every chart shares.

export interface Series {
  name: string;
  values: readonly number[];
  color: string;
}

export interface Marker {
  /** Index into the x axis. */
  x: number;
  value: number;
  label: string;
}

const W = 860;
const H = 280;
const PAD = { left: 64, right: 16, top: 16, bottom: 40 };

/** The axis top: the data's maximum rounded up to a whole axis step. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const step = niceStep(v, 4);
  return Math.ceil(v / step) * step;
}

const money = compactAmount;
const esc = escXml;

/** The x and y scales of a day chart, its horizontal grid with amounts, and at most 9 day ticks. */
function axes(xLabels: readonly string[], max: number) {
  const n = Math.max(1, xLabels.length - 1);
  const x = (i: number) => PAD.left + (i / n) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(max * f)}" y2="${y(max * f)}" stroke="#e5e7eb"/><text x="${PAD.left - 6}" y="${y(max * f) + 4}" text-anchor="end" font-size="11" fill="#6b7280">${money(max * f)}</text>`,
    )
    .join('');
  const step = Math.max(1, Math.ceil(xLabels.length / 8));
  const ticks = xLabels
    .map((l, i) =>
      i % step === 0 || i === xLabels.length - 1
        ? `<text x="${x(i)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#6b7280">${esc(l.slice(5))}</text>`
        : '',
    )
    .join('');
  return { x, y, grid, ticks };
}

/** Lines over days, with optional markers (anomalies) drawn as red circles with a tooltip. */
export function lineChart(
  xLabels: readonly string[],
  series: readonly Series[],
  markers: readonly Marker[] = [],
  dashed: readonly string[] = [],
): string {
  const max = niceMax(
    Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)), ...markers.map((m) => m.value)),
  );
  const { x, y, grid, ticks } = axes(xLabels, max);
  const lines = series
    .map((s) => {
      // A non-finite value is a gap (a forecast starts today, spend so far ends today).
      let pen = 'M';
      const d = s.values
        .map((v, i) => {
          if (!Number.isFinite(v)) {
            pen = 'M';
            return '';
          }
          const seg = `${pen}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          pen = 'L';
          return seg;
        })
        .join('');
      const dash = dashed.includes(s.name) ? ' stroke-dasharray="5 4"' : '';
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${dash}><title>${esc(s.name)}</title></path>`;
    })
    .join('');
  const dots = markers
    .map(
      (m) =>
        `<circle cx="${x(m.x)}" cy="${y(m.value)}" r="6" fill="none" stroke="${ALERT}" stroke-width="2.5"><title>${esc(m.label)}</title></circle>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" font-family="${esc(FONT_FAMILY)}">${grid}${ticks}${lines}${dots}</svg>${legend(series)}`;
}

/** Horizontal stacked bars: one bar per row, one segment per part. */
export function stackedBars(
  rows: readonly { label: string; parts: readonly { name: string; value: number }[] }[],
  colors: Readonly<Record<string, string>>,
): string {
  const barH = 18;
  const gap = 6;
  const labelW = 170;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, p) => a + Math.max(0, p.value), 0)));
  const width = W - labelW - 80;
  const body = rows
    .map((r, i) => {
      let at = labelW;
      const y0 = i * (barH + gap);
      const segs = r.parts
        .filter((p) => p.value > 0)
        .map((p) => {
          const w = (p.value / max) * width;
          const seg = `<rect x="${at}" y="${y0}" width="${w.toFixed(1)}" height="${barH}" fill="${colors[p.name] ?? '#9ca3af'}"><title>${esc(`${r.label} ${p.name}: ${money(p.value)}`)}</title></rect>`;
          at += w;
          return seg;
        })
        .join('');
      const total = r.parts.reduce((a, p) => a + p.value, 0);
      return `<text x="${labelW - 8}" y="${y0 + 13}" text-anchor="end" font-size="12">${esc(r.label)}</text>${segs}<text x="${at + 6}" y="${y0 + 13}" font-size="11" fill="#6b7280">${money(total)}</text>`;
    })
    .join('');
  const h = rows.length * (barH + gap);
  const legendSeries = Object.entries(colors).map(([name, color]) => ({ name, color, values: [] }));
  return `<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" font-family="${esc(FONT_FAMILY)}">${body}</svg>${legend(legendSeries)}`;
}

function legend(series: readonly Pick<Series, 'name' | 'color'>[]): string {
  return `<div class="legend">${series.map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`).join('')}</div>`;
}

/**
 * Stacked areas over days (or weeks): the first series at the bottom, each band its series' spend, so
 * the top edge is the total and a folded "N other models" band shows its size without posing as a
 * line that towers over the models.
 */
export function stackedArea(xLabels: readonly string[], series: readonly Series[]): string {
  const totals = xLabels.map((_, i) => series.reduce((s, x) => s + Math.max(0, x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const { x, y, grid, ticks } = axes(xLabels, max);
  const base = xLabels.map(() => 0);
  const bands = series
    .map((s) => {
      const lower = [...base];
      s.values.forEach((v, i) => {
        base[i] = (base[i] ?? 0) + Math.max(0, v);
      });
      const top = base.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      const bottom = lower.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).reverse();
      return `<polygon points="${[...top, ...bottom].join(' ')}" fill="${s.color}" fill-opacity="0.85" stroke="#fff" stroke-width="0.5"><title>${esc(s.name)}</title></polygon>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" font-family="${esc(FONT_FAMILY)}">${grid}${bands}${ticks}</svg>${legend(series)}`;
}
