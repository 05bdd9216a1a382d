import { budgetWindowStart } from '../core/budget/budget.js';
import type { CostFact } from '../core/cost-fact.js';
import { amountOf } from '../core/cost-line.js';
import { dayNumber, dayString, daysBefore, yesterday } from '../core/day.js';
import type { Money } from '../core/money.js';
import { buildReport } from '../core/report.js';
import { buildRollupSpend, DEFAULT_ROLLUP, rollupFrom } from '../core/rollup.js';
import {
  anomaliesMessage,
  budgetsMessage,
  errorMessage,
  helpMessage,
  idleMessage,
  modelMessage,
  summaryMessage,
  topMessage,
} from './blocks/cost-blocks.js';
import { divider, type SlackMessage } from './blocks/kit.js';
import { type CostQuery, matchName, parseCostCommand, resolvePeriod } from './cost-grammar.js';
import { budgetStatuses, factsIn, openAnomalies } from './data.js';
import { CostCommandError } from './errors.js';
import type { SlackDeps } from './ports.js';

export interface CostAnswer {
  message: SlackMessage;
  public: boolean;
}

/** Days of history searched for model and stage names (what `/cost <model>` can match). */
const NAME_DAYS = 400;

/** Answers the text after `/cost`. Bad input gives a helpful message, never an exception. */
export async function answerCost(deps: SlackDeps, text: string): Promise<CostAnswer> {
  let parsed: ReturnType<typeof parseCostCommand>;
  try {
    parsed = parseCostCommand(text);
  } catch (e) {
    if (e instanceof CostCommandError)
      return { message: errorMessage(`${e.message} Try \`/cost help\`.`), public: false };
    throw e;
  }
  try {
    return { message: await answer(deps, parsed.query), public: parsed.public };
  } catch (e) {
    // Errors in what was asked are private, even with `public`: nobody else needs to see a typo.
    if (e instanceof CostCommandError) return { message: errorMessage(e.message), public: false };
    throw e;
  }
}

const mainCurrency = (facts: readonly CostFact[]) => {
  const by = new Map<string, Money>();
  for (const f of facts) by.set(f.currency, (by.get(f.currency) ?? 0n) + f.effectiveCost);
  return [...by.entries()].sort((a, b) => (a[1] > b[1] ? -1 : 1))[0]?.[0] ?? 'USD';
};

async function answer(deps: SlackDeps, q: CostQuery): Promise<SlackMessage> {
  const day = yesterday(deps.clock.now());
  const metric = deps.settings.metric;
  switch (q.kind) {
    case 'help':
      return helpMessage();
    case 'summary': {
      const facts = await factsIn(deps, rollupFrom(day), day);
      const spend = buildRollupSpend(facts, day, {
        ...DEFAULT_ROLLUP,
        metric,
        unattributed: deps.settings.unattributed,
      });
      return summaryMessage(spend, await deps.sources.list());
    }
    case 'top': {
      const from = `${day.slice(0, 8)}01`;
      const facts = await factsIn(deps, from, day);
      const currencies = [...new Set(facts.map((f) => f.currency))];
      // One table per currency, the one with the most spend first; none is summed into another.
      const tables = (currencies.length ? rankCurrencies(facts, currencies) : [mainCurrency(facts)]).map(
        (c) => {
          const r = buildReport(
            facts.filter((f) => f.currency === c),
            { from, to: day, by: ['model'], metric },
          );
          const rows = r.rows.map((row) => ({ model: row.keys.model ?? '', cost: row.cost }));
          return topMessage(rows, r.totals[0]?.cost ?? 0n, c, q.n, `month to date (${from}..${day})`);
        },
      );
      return tables.length === 1 ? (tables[0] as SlackMessage) : inCurrencies(tables);
    }
    case 'budgets': {
      const facts = await factsIn(deps, budgetWindowStart(day), day);
      return budgetsMessage(budgetStatuses(deps, facts, day));
    }
    case 'anomalies':
      return anomaliesMessage(await openAnomalies(deps, day));
    case 'idle': {
      const since = daysBefore(deps.clock.now(), 1).toISOString();
      const notices = await deps.idleActivity.since(since);
      return idleMessage(notices, notices[0]?.currency ?? 'USD');
    }
    case 'model':
      return modelAnswer(deps, q, day);
  }
}

function pick(kind: 'model' | 'stage', typed: string, known: readonly string[]): string {
  const m = matchName(typed, known);
  if ('ok' in m) return m.ok;
  if ('ambiguous' in m)
    throw new CostCommandError(
      `"${typed}" matches several ${kind}s: ${m.ambiguous.join(', ')}. Type more of the name.`,
    );
  const hint = m.none.length ? ` Did you mean ${m.none.map((n) => `\`${n}\``).join(', ')}?` : '';
  throw new CostCommandError(`No ${kind} "${typed}".${hint}`);
}

async function modelAnswer(
  deps: SlackDeps,
  q: Extract<CostQuery, { kind: 'model' }>,
  day: string,
): Promise<SlackMessage> {
  const period = resolvePeriod(q.period, day);
  const n = dayNumber(period.to) - dayNumber(period.from) + 1;
  const prevFrom = dayString(dayNumber(period.from) - n);
  const nameFrom = dayString(Math.min(dayNumber(prevFrom), dayNumber(day) - NAME_DAYS));
  const facts = await factsIn(deps, nameFrom, period.to > day ? period.to : day);
  const model = pick('model', q.model, [...new Set(facts.map((f) => f.model))]);
  const ofModel = facts.filter((f) => f.model === model);
  const stage = q.stage ? pick('stage', q.stage, [...new Set(ofModel.map((f) => f.stage))]) : undefined;
  const mine = ofModel.filter((f) => stage === undefined || f.stage === stage);
  // Each currency the model is billed in, on its own (never summed, never dropped), most spend first.
  const inPeriod = mine.filter((f) => f.day >= period.from && f.day <= period.to);
  const currencies = [...new Set(inPeriod.map((f) => f.currency))];
  const ranked = currencies.length ? rankCurrencies(inPeriod, currencies) : [mainCurrency(mine)];
  const answers = ranked.map((currency) => {
    const inCur = mine.filter((f) => f.currency === currency);
    const sumDays = (from: string, to: string) =>
      inCur
        .filter((f) => f.day >= from && f.day <= to)
        .reduce((a, f) => a + amountOf(f, deps.settings.metric), 0n);
    const split = (by: 'stage' | 'provider') =>
      buildReport(inCur, {
        from: period.from,
        to: period.to,
        by: [by],
        metric: deps.settings.metric,
      }).rows.map((r) => ({
        name: r.keys[by] ?? '',
        cost: r.cost,
      }));
    const daily = new Array<Money>(n).fill(0n);
    for (const f of inCur) {
      const i = dayNumber(f.day) - dayNumber(period.from);
      if (i >= 0 && i < n) daily[i] = (daily[i] as Money) + amountOf(f, deps.settings.metric);
    }
    return modelMessage({
      model,
      ...(stage ? { stage } : {}),
      period,
      currency,
      total: sumDays(period.from, period.to),
      previous: sumDays(prevFrom, dayString(dayNumber(period.from) - 1)),
      byStage: split('stage'),
      byProvider: split('provider'),
      daily,
    });
  });
  return answers.length === 1 ? (answers[0] as SlackMessage) : inCurrencies(answers);
}

/** Currencies by the spend in each, highest first (amounts of different currencies are only ranked). */
function rankCurrencies(facts: readonly CostFact[], currencies: readonly string[]): string[] {
  const by = new Map<string, Money>();
  for (const f of facts) by.set(f.currency, (by.get(f.currency) ?? 0n) + f.effectiveCost);
  return [...currencies].sort((a, b) => ((by.get(b) ?? 0n) > (by.get(a) ?? 0n) ? 1 : -1));
}

/** One message of several currencies' answers, each on its own, a divider between them. */
function inCurrencies(messages: readonly SlackMessage[]): SlackMessage {
  return {
    text: messages.map((m) => m.text).join('; '),
    blocks: messages.flatMap((m, i) => (i === 0 ? m.blocks : [divider(), ...m.blocks])),
  };
}
