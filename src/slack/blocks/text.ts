import { money as moneyText } from '../../core/anomaly/explain.js';
import { type Money, moneyToNumber } from '../../core/money.js';

/** Slack mrkdwn treats &, < and > as control characters: tag values must not become links or mentions. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The plain text of escaped mrkdwn (a message's text as Slack hands it back on a button press). */
export function unesc(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** "$1,234.56" (2 decimals, exact rounding of the bigint amount). */
export const money = (amount: Money, currency: string): string => moneyText(amount, currency);

/** Change against a reference: "+12%", "-5%", "new" (nothing before), "±0%". */
export function change(now: Money, before: Money): string {
  if (before === 0n) return now === 0n ? '±0%' : 'new';
  // Per mille in bigint, then one rounding: never float sums of money.
  const perMille = ((now - before) * 1000n) / (before < 0n ? -before : before);
  const pct = Math.round(Number(perMille) / 10);
  return pct === 0 ? '±0%' : `${pct > 0 ? '+' : ''}${pct}%`;
}

/** Share of a whole in percent, one decimal: "12.5%". */
export function share(part: Money, whole: Money): string {
  if (whole === 0n) return '0%';
  return `${(Number((part * 1000n) / whole) / 10).toFixed(1)}%`;
}

const TICKS = '▁▂▃▄▅▆▇█';

/** A text sparkline of daily amounts, scaled between the series' min and max. */
export function sparkline(values: readonly Money[]): string {
  const xs = values.map((v) => moneyToNumber(v, 2));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs
    .map((x) => TICKS[hi === lo ? (hi === 0 ? 0 : 3) : Math.round(((x - lo) / (hi - lo)) * 7)])
    .join('');
}

/** "▓▓▓▓▓░░░░░" for a percentage (capped at 10 cells). */
export function bar(pct: number, cells = 10): string {
  const full = Math.max(0, Math.min(cells, Math.round((pct / 100) * cells)));
  return '▓'.repeat(full) + '░'.repeat(cells - full);
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A monospace table for a ``` block (Slack has no table block). */
export function codeTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return ['```', line(columns.map((c) => c.header)), ...rows.map(line), '```'].join('\n');
}

/**
 * The most rows of `rows` that fit in `limit` characters once rendered, with the rest summarized in one
 * row (`summary(rest)`) rather than cut off mid-table. Rows are taken in order (callers sort them).
 */
export function fitTable<T>(
  rows: readonly T[],
  render: (shown: readonly T[], rest: readonly T[]) => string,
  limit: number,
  maxRows = rows.length,
): { text: string; shown: number } {
  let k = Math.min(rows.length, maxRows);
  for (; k >= 0; k--) {
    const text = render(rows.slice(0, k), rows.slice(k));
    if (text.length <= limit) return { text, shown: k };
  }
  throw new RangeError('fitTable: even the summary alone does not fit');
}

/** Joins lines, keeping whole lines until `limit`, then "…and N more" (never a cut line). */
export function fitLines(lines: readonly string[], limit: number, more: (n: number) => string): string {
  const out: string[] = [];
  let len = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const tail = i < lines.length - 1 ? more(lines.length - i - 1).length + 1 : 0;
    if (len + line.length + 1 + tail > limit) {
      out.push(more(lines.length - i));
      break;
    }
    out.push(line);
    len += line.length + 1;
  }
  return out.join('\n');
}
