import { dayString, parseDayNumber } from '../day.js';
import { InvalidInputError } from '../errors.js';
import { type Alert, alertsOf, type Direction } from './alerts.js';
import { type DetectorOptions, judgeSeries } from './detector.js';
import { DetectorScratch } from './detector-scratch.js';

/** One named daily series: ascending day numbers, NaN for a day given without a value. */
export interface NamedSeries {
  name: string;
  days: Int32Array;
  values: Float64Array;
}

/**
 * Parses the scoring-mode CSV: header `series,date,cost` (or `value`), rows in any order. Simple CSV
 * only (no quoted fields with commas inside a series name is assumed unless quoted; quotes are honoured).
 * `origin` names the input in errors.
 */
export function parseSeriesCsv(text: string, origin = 'input'): NamedSeries[] {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const si = header.indexOf('series');
  const di = header.indexOf('date');
  const vi = header.indexOf('cost') >= 0 ? header.indexOf('cost') : header.indexOf('value');
  if (si < 0 || di < 0 || vi < 0) {
    throw new InvalidInputError(
      `${origin}: the header must name the columns series, date and cost (or value); got "${lines[0] ?? ''}".`,
    );
  }
  const bySeries = new Map<string, { days: number[]; values: number[] }>();
  for (let ln = 1; ln < lines.length; ln++) {
    const line = lines[ln] as string;
    if (line.trim() === '') continue;
    const cells = line.includes('"') ? splitCsvLine(line) : line.split(',');
    const name = cells[si] ?? '';
    const date = (cells[di] ?? '').trim().slice(0, 10);
    const day = parseDayNumber(date);
    if (day === undefined) {
      throw new InvalidInputError(`${origin}, line ${ln + 1}: date "${cells[di] ?? ''}" is not YYYY-MM-DD.`);
    }
    const raw = (cells[vi] ?? '').trim();
    const v = raw === '' ? Number.NaN : Number(raw);
    if (raw !== '' && !Number.isFinite(v)) {
      throw new InvalidInputError(`${origin}, line ${ln + 1}: "${raw}" is not a number.`);
    }
    let s = bySeries.get(name);
    if (!s) {
      s = { days: [], values: [] };
      bySeries.set(name, s);
    }
    s.days.push(day);
    s.values.push(v);
  }
  const out: NamedSeries[] = [];
  for (const [name, s] of bySeries) {
    const order = s.days.map((_, i) => i).sort((a, b) => (s.days[a] as number) - (s.days[b] as number));
    const days = new Int32Array(order.length);
    const values = new Float64Array(order.length);
    order.forEach((k, i) => {
      days[i] = s.days[k] as number;
      values[i] = s.values[k] as number;
      if (i > 0 && days[i] === days[i - 1]) {
        throw new InvalidInputError(
          `${origin}: series "${name}" has two rows for ${dayString(days[i] as number)}.`,
        );
      }
    });
    out.push({ name, days, values });
  }
  return out;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The scoring-mode output record, one per alert. */
export interface ScoredAlert {
  series: string;
  date: string;
  actual: number;
  expected: number;
  impact: number;
  score: number;
  direction: Direction;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** One alert of series `name` (its days `days`) as the scoring-mode record. */
export function scoredAlert(name: string, days: Int32Array, a: Alert): ScoredAlert {
  return {
    series: name,
    date: dayString(days[a.index] as number),
    actual: round(a.actual, 6),
    expected: round(a.expected, 6),
    impact: round(a.impact, 6),
    score: round(a.score, 3),
    direction: a.direction,
  };
}

/**
 * Judges every series and returns its alerts (the onset of each anomaly; its later days are one
 * episode, not new alerts), series in input order, days ascending.
 */
export function scoreSeries(series: readonly NamedSeries[], opts: DetectorOptions): ScoredAlert[] {
  const out: ScoredAlert[] = [];
  const scratch = new DetectorScratch(opts);
  for (const s of series) {
    const j = judgeSeries(s.days, s.values, opts, scratch);
    for (const a of alertsOf(s.values, j)) out.push(scoredAlert(s.name, s.days, a));
  }
  return out;
}
