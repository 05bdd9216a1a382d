import { dayNumber, dayString, parseDayNumber, weekdayOf } from '../core/day.js';
import { CostCommandError } from './errors.js';

/** A range of UTC days, both ends inclusive. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

export type CostQuery =
  | { kind: 'summary' }
  | { kind: 'help' }
  | { kind: 'top'; n: number }
  | { kind: 'budgets' }
  | { kind: 'anomalies' }
  | { kind: 'idle' }
  | { kind: 'model'; model: string; stage?: string; period?: string };

export interface ParsedCommand {
  query: CostQuery;
  /** `public` as the last word: answer in the channel instead of only to the asker. */
  public: boolean;
}

export const DEFAULT_TOP = 10;
export const MAX_TOP = 50;

/**
 * Parses the text after `/cost`. Keywords win over model names (a model called "top" is asked for as
 * `/cost top 5` never; name it with a prefix such as `/cost to` instead). The period is parsed against
 * the day later, with `resolvePeriod`.
 */
export function parseCostCommand(text: string): ParsedCommand {
  const words = phrasesAsWords(text).trim().split(/\s+/).filter(Boolean);
  const isPublic = words.length > 0 && words[words.length - 1]?.toLowerCase() === 'public';
  if (isPublic) words.pop();
  const [first, ...rest] = words;
  const kw = first?.toLowerCase();
  const noArgs = (q: CostQuery): CostQuery => {
    if (rest.length)
      throw new CostCommandError(`\`/cost ${kw}\` takes no arguments; got "${rest.join(' ')}".`);
    return q;
  };
  let query: CostQuery;
  if (kw === undefined) query = { kind: 'summary' };
  else if (kw === 'help') query = { kind: 'help' };
  else if (kw === 'budgets') query = noArgs({ kind: 'budgets' });
  else if (kw === 'anomalies') query = noArgs({ kind: 'anomalies' });
  else if (kw === 'idle') query = noArgs({ kind: 'idle' });
  else if (kw === 'top') {
    if (rest.length > 1) throw new CostCommandError('`/cost top [N]` takes at most one number.');
    const n = rest[0] === undefined ? DEFAULT_TOP : Number(rest[0]);
    if (!Number.isInteger(n) || n < 1 || n > MAX_TOP)
      throw new CostCommandError(
        `N in \`/cost top N\` must be a whole number from 1 to ${MAX_TOP}; got "${rest[0]}".`,
      );
    query = { kind: 'top', n };
  } else {
    if (rest.length > 2) throw new CostCommandError('too many words: `/cost <model> [stage] [period]`.');
    let stage: string | undefined;
    let period: string | undefined;
    for (const w of rest) {
      if (isPeriod(w)) {
        if (period !== undefined) throw new CostCommandError('give one period at most.');
        period = w.toLowerCase();
      } else if (stage === undefined && period === undefined) stage = w;
      else throw new CostCommandError(`"${w}" is not a period (${PERIOD_FORMS}).`);
    }
    query = {
      kind: 'model',
      model: first as string,
      ...(stage ? { stage } : {}),
      ...(period ? { period } : {}),
    };
  }
  return { query, public: isPublic };
}

/** What `/cost <model>` takes as a period, as the help and the manifest's usage hint say it. */
export const PERIOD_FORMS =
  'yesterday, last 7 days (or 7d), this week, last week, this month (or mtd), last month, 2026-11, nov, ' +
  'or 2026-11-01..2026-11-15';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const monthIndex = (w: string): number => {
  const i = FULL_MONTHS.indexOf(w);
  return i >= 0 ? i : w === 'sept' ? 8 : MONTHS.indexOf(w);
};

/** Two-word periods as one word, so that the grammar stays a list of words: "last 7 days" -> "7d". */
function phrasesAsWords(text: string): string {
  return text
    .replace(/\blast\s+(\d{1,3})\s+days?\b/gi, '$1d')
    .replace(/\bthis\s+month\b/gi, 'mtd')
    .replace(
      /\b(last|this)\s+(week|month)\b/gi,
      (_, a: string, b: string) => `${a.toLowerCase()}-${b.toLowerCase()}`,
    );
}

const PERIOD_RE =
  /^(\d{1,3}d|mtd|yesterday|this-week|last-week|last-month|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/i;

export const isPeriod = (w: string) => PERIOD_RE.test(w) || monthIndex(w.toLowerCase()) >= 0;

/** Resolves a period word against `today`'s last complete day (`yesterday`); default: the last 30 days. */
export function resolvePeriod(word: string | undefined, yesterday: string): Period {
  const end = dayNumber(yesterday);
  const w = (word ?? '30d').toLowerCase();
  const days = /^(\d{1,3})d$/.exec(w);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > 366) throw new CostCommandError(`a period of days is 1d to 366d; got "${w}".`);
    return { from: dayString(end - n + 1), to: yesterday, label: `last ${n} days` };
  }
  if (w === 'mtd') return { from: `${yesterday.slice(0, 8)}01`, to: yesterday, label: 'month to date' };
  if (w === 'yesterday') return { from: yesterday, to: yesterday, label: `yesterday (${yesterday})` };
  if (w === 'this-week' || w === 'last-week') {
    // ISO weeks, from Monday; this week runs to yesterday.
    const monday = end - ((weekdayOf(end) + 6) % 7);
    if (w === 'this-week') return { from: dayString(monday), to: yesterday, label: 'this week' };
    return { from: dayString(monday - 7), to: dayString(monday - 1), label: 'last week' };
  }
  if (w === 'last-month') {
    const to = dayString(dayNumber(`${yesterday.slice(0, 8)}01`) - 1);
    return { from: `${to.slice(0, 8)}01`, to, label: `last month (${to.slice(0, 7)})` };
  }
  const named = monthIndex(w);
  if (named >= 0) {
    // The latest such month that has begun: "nov" in December is this year's, "dec" in November last year's.
    const year = Number(yesterday.slice(0, 4)) - (named + 1 > Number(yesterday.slice(5, 7)) ? 1 : 0);
    const month = `${year}-${String(named + 1).padStart(2, '0')}`;
    const whole = resolvePeriod(month, yesterday);
    return whole.to > yesterday ? { ...whole, to: yesterday, label: `${month} to date` } : whole;
  }
  if (/^\d{4}-\d{2}$/.test(w)) {
    const first = parseDayNumber(`${w}-01`);
    if (first === undefined) throw new CostCommandError(`"${w}" is not a month.`);
    const next = dayString(first + 31).slice(0, 8);
    return { from: `${w}-01`, to: dayString(dayNumber(`${next}01`) - 1), label: w };
  }
  const [from, to] = w.split('..');
  const a = parseDayNumber(from ?? '');
  const b = parseDayNumber(to ?? '');
  if (a === undefined || b === undefined || a > b)
    throw new CostCommandError(`"${w}" is not a range of days: use YYYY-MM-DD..YYYY-MM-DD, first day first.`);
  return { from: from as string, to: to as string, label: `${from} to ${to}` };
}

export type NameMatch = { ok: string } | { ambiguous: string[] } | { none: string[] };

/**
 * Case-insensitive match of a name typed in Slack against the known names: exact, else a unique prefix.
 * On a miss, the closest names by edit distance (the "did you mean").
 */
export function matchName(typed: string, known: readonly string[]): NameMatch {
  const t = typed.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === t);
  if (exact !== undefined) return { ok: exact };
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(t)).sort();
  if (prefixed.length === 1) return { ok: prefixed[0] as string };
  if (prefixed.length > 1) return { ambiguous: prefixed.slice(0, 5) };
  const scored = known
    .map((k) => {
      const kl = k.toLowerCase();
      return { k, d: Math.min(editDistance(t, kl), editDistance(t, kl.slice(0, t.length + 1))) };
    })
    .filter((x) => x.d <= Math.max(2, Math.floor(t.length / 3)))
    .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1));
  return { none: scored.slice(0, 3).map((x) => x.k) };
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
