import { readFileSync } from 'node:fs';
import { detectAnomalies, judgeSettings, latestDay } from '../../app/daily-check.js';
import { defaultThreads, scoreSeriesOnThreads } from '../../app/score-threads.js';
import { clip } from '../../charts/svg-text.js';
import { loadConfig } from '../../config/load.js';
import { DEFAULT_DETECTOR } from '../../core/anomaly/detector.js';
import { seriesLabel } from '../../core/anomaly/episodes.js';
import { money } from '../../core/anomaly/explain.js';
import { causeKey } from '../../core/anomaly/root-cause.js';
import { coveredBy } from '../../core/anomaly/same-change.js';
import { parseSeriesCsv } from '../../core/anomaly/series-csv.js';
import type { AnomalyRecord, Verdict } from '../../core/anomaly/types.js';
import { utcDay } from '../../core/day.js';
import { InvalidInputError } from '../../core/errors.js';
import { formatMoney, moneyToNumber } from '../../core/money.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { parseDay } from '../dates.js';
import { paint, renderCsv, renderTable } from '../output.js';
import { withStore } from '../wiring.js';

export interface AnomaliesOptions {
  config?: string;
  db?: string;
  input?: string;
  date?: string;
  format?: string;
  minImpact?: string;
  drops?: boolean;
  threads?: string;
}

function parseMinImpact(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidInputError(`--min-impact must be a number >= 0; got "${v}".`);
  return n;
}

function parseThreads(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < 1 || n > 256)
    throw new InvalidInputError(`--threads must be a whole number from 1 to 256; got "${v}".`);
  return n;
}

/**
 * Scoring mode (`--input`): the fixed defaults on a CSV, one JSON object per alert. Spikes and drops
 * are both written, each with its direction: benchmark labels include drops, and the direction field
 * keeps them apart.
 */
async function runScoring(ctx: CliContext, opts: AnomaliesOptions): Promise<void> {
  const format = (opts.format ?? 'jsonl').toLowerCase();
  if (format !== 'jsonl' && format !== 'json')
    throw new InvalidInputError(`with --input, --format must be jsonl or json; got "${opts.format}".`);
  let text: string;
  try {
    text = readFileSync(opts.input as string, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(`cannot read --input ${opts.input}: ${(cause as Error).message}`, { cause });
  }
  const series = parseSeriesCsv(text, opts.input);
  const minImpact = parseMinImpact(opts.minImpact) ?? DEFAULT_DETECTOR.minImpact;
  const threads = parseThreads(opts.threads) ?? defaultThreads(series.length);
  const alerts = await scoreSeriesOnThreads(series, { ...DEFAULT_DETECTOR, minImpact, drops: true }, threads);
  if (format === 'json') ctx.io.out(JSON.stringify(alerts));
  else if (alerts.length) ctx.io.out(alerts.map((a) => JSON.stringify(a)).join('\n'));
}

/** The documented JSON shape of one stored anomaly (amounts rounded to 6 decimals). */
export function anomalyJson(a: AnomalyRecord) {
  return {
    id: a.id,
    series: a.series,
    day: a.day,
    currency: a.currency,
    actual: moneyToNumber(a.actual),
    expected: moneyToNumber(a.expected),
    impact: moneyToNumber(a.impact),
    score: a.score,
    direction: a.direction,
    reason: a.reason,
    status: a.status,
    ...(a.suppressedBy ? { suppressedBy: a.suppressedBy } : {}),
    explanation: a.explanation,
    rootCause: a.rootCause.map((c) => ({ ...c, change: moneyToNumber(c.change) })),
  };
}

/** Store mode: judges day D (default: the latest day with data) on every stored series. */
export async function runAnomalies(ctx: CliContext, opts: AnomaliesOptions): Promise<AnomalyRecord[]> {
  if (opts.input !== undefined) {
    await runScoring(ctx, opts);
    return [];
  }
  if (opts.threads !== undefined)
    throw new InvalidInputError(
      '--threads applies to scoring mode (--input); the store mode judges on one thread.',
    );
  if (opts.format?.toLowerCase() === 'jsonl')
    throw new InvalidInputError('--format jsonl applies to scoring mode (--input); use table, json or csv.');
  const format = outputFormat(ctx.io, ROWS, opts.format);
  const minImpact = parseMinImpact(opts.minImpact);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const settings = judgeSettings(config, minImpact, opts.drops);
  return withStore(
    ctx,
    opts,
    async (w) => {
      const day = opts.date
        ? parseDay('--date', opts.date)
        : await latestDay(w.cost, utcDay(ctx.clock.now()));
      if (!day)
        throw new InvalidInputError(
          `the store ${w.path} holds no cost data yet; import a billing export with \`costguard import\` ` +
            'or pull from the clouds with `costguard ingest`.',
        );
      const anomalies = await w.anomalies();
      const found = await detectAnomalies({
        config,
        cost: w.cost,
        anomalies,
        settings,
        day,
        clock: ctx.clock,
      });
      // One line per change: a broader series showing the same change as a more specific one names it
      // in `coveredBy` (JSON, CSV) and is left out of the table.
      const covered = coveredBy(found);
      ctx.io.out(
        format === 'json'
          ? JSON.stringify({
              day,
              anomalies: found.map((a) => ({ ...anomalyJson(a), coveredBy: covered.get(a.id) ?? null })),
            })
          : format === 'csv'
            ? anomaliesCsv(found, covered)
            : table(ctx, day, found, covered),
      );
      return found;
    },
    config,
  );
}

const ROWS = { formats: ['table', 'json', 'csv'] } as const;

function anomaliesCsv(found: readonly AnomalyRecord[], covered: ReadonlyMap<string, string>): string {
  return renderCsv(
    [
      'id',
      'day',
      'series',
      'direction',
      'status',
      'currency',
      'actual',
      'expected',
      'impact',
      'score',
      'explanation',
      'covered_by',
    ],
    found.map((a) => [
      a.id,
      a.day,
      a.seriesId,
      a.direction,
      a.status,
      a.currency,
      formatMoney(a.actual, 6),
      formatMoney(a.expected, 6),
      formatMoney(a.impact, 6),
      a.score,
      a.explanation,
      covered.get(a.id) ?? '',
    ]),
  );
}

/** The widest line of the anomalies table: a terminal of 120 columns shows it unwrapped. */
export const TABLE_WIDTH = 120;

/**
 * One line per anomaly in words (the series' human label, never its internal key), amounts with
 * their currency, the largest root cause; within TABLE_WIDTH columns (the label and the cause are
 * shortened to what is left). The whole record, explanation included, is in `--format json`.
 */
function table(
  ctx: CliContext,
  day: string,
  all: readonly AnomalyRecord[],
  covered: ReadonlyMap<string, string>,
): string {
  if (all.length === 0) return `No anomalies on ${day}.`;
  const found = all.filter((a) => !covered.has(a.id));
  const also = new Map<string, number>();
  for (const p of covered.values()) also.set(p, (also.get(p) ?? 0) + 1);
  const cells = found.map((a) => ({
    a,
    what: seriesLabel(a.series),
    state: `${a.direction} ${a.status}${also.get(a.id) ? ` +${also.get(a.id)}` : ''}`,
    actual: money(a.actual, a.currency),
    expected: money(a.expected, a.currency),
    impact: `${a.impact > 0n ? '+' : ''}${money(a.impact, a.currency)}`,
    cause: a.rootCause[0] ? `${causeKey(a.rootCause[0])} ${Math.round(a.rootCause[0].share * 100)}%` : '-',
  }));
  const w = (k: 'state' | 'actual' | 'expected' | 'impact', h: string) =>
    Math.max(h.length, ...cells.map((c) => c[k].length));
  const idW = Math.max(2, ...found.map((a) => a.id.length));
  const fixed =
    w('state', 'STATE') + w('actual', 'ACTUAL') + w('expected', 'EXPECTED') + w('impact', 'IMPACT') + idW;
  // Six gaps of two spaces; what is left goes to the series (60%) and the cause.
  const room = Math.max(20, TABLE_WIDTH - fixed - 12);
  const seriesW = Math.floor(room * 0.6);
  const causeW = room - seriesW;
  const rows = cells.map((c) => [
    clip(c.what, seriesW),
    c.a.status === 'new' ? paint(ctx.io, c.a.direction === 'up' ? 'red' : 'yellow', c.state) : c.state,
    c.actual,
    c.expected,
    c.impact,
    clip(c.cause, causeW),
    c.a.id,
  ]);
  const note = covered.size ? `; +N: N broader series show the same change` : '';
  return `Anomalies on ${day} (details: --format json${note})\n${renderTable(
    [
      { header: 'SERIES' },
      { header: 'STATE' },
      { header: 'ACTUAL', align: 'right' },
      { header: 'EXPECTED', align: 'right' },
      { header: 'IMPACT', align: 'right' },
      { header: 'ROOT CAUSE' },
      { header: 'ID' },
    ],
    rows,
  )}`;
}

export interface MarkOptions {
  config?: string;
  db?: string;
  by?: string;
  note?: string;
  format?: string;
}

/** `costguard anomalies mark <id> expected|real --by who`: feedback, stored with who and when. */
export async function runMark(
  ctx: CliContext,
  id: string,
  verdict: string,
  opts: MarkOptions,
): Promise<void> {
  if (verdict !== 'expected' && verdict !== 'real')
    throw new InvalidInputError(`the verdict must be expected or real; got "${verdict}".`);
  const by = opts.by?.trim();
  if (!by) throw new InvalidInputError('--by <who> is required: marks record who made them.');
  const format = outputFormat(ctx.io, { formats: ['table', 'json'] }, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  await withStore(
    ctx,
    opts,
    async (w) => {
      const store = await w.anomalies();
      const a = await store.getAnomaly(id);
      if (!a)
        throw new InvalidInputError(
          `no anomaly with id "${id}"; list them with \`costguard anomalies --format json\`.`,
        );
      // The record's own id: a long id of the old form finds the record stored under its short id.
      await store.markAnomaly({
        anomalyId: a.id,
        verdict: verdict as Verdict,
        by,
        at: ctx.clock.now().toISOString(),
        ...(opts.note ? { note: opts.note } : {}),
        seriesId: a.seriesId,
        day: a.day,
        direction: a.direction,
        cause: causeKey(a.rootCause[0]),
      });
      const quiet = config.anomalies.suppressDays;
      ctx.io.out(
        format === 'json'
          ? JSON.stringify({ id: a.id, verdict, by, ...(verdict === 'expected' ? { quietDays: quiet } : {}) })
          : verdict === 'expected'
            ? `Marked ${a.id} expected; the same series and cause will not alert for ${quiet} days.`
            : `Marked ${a.id} real.`,
      );
    },
    config,
  );
}
