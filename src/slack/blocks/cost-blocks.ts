import { clip } from '../../charts/svg-text.js';
import type { AnomalyRecord } from '../../core/anomaly/types.js';
import type { SourceStatus } from '../../core/billing-source.js';
import type { BudgetStatus } from '../../core/budget/budget.js';
import type { IdleNotice } from '../../core/idle/owner-ports.js';
import type { Money } from '../../core/money.js';
import type { RollupSpend } from '../../core/rollup.js';
import { PERIOD_FORMS, type Period } from '../cost-grammar.js';
import { anomalyLine } from './anomaly-blocks.js';
import { budgetLine } from './budget-blocks.js';
import { idleSummary } from './idle-blocks.js';
import { context, fields, type SlackMessage, section } from './kit.js';
import { LIMITS } from './limits.js';
import { completenessLine, weekdayName } from './rollup-blocks.js';
import { change, codeTable, esc, fitLines, fitTable, money, share, sparkline } from './text.js';

const msg = (text: string, blocks: SlackMessage['blocks']): SlackMessage => ({ text, blocks });

export function helpMessage(): SlackMessage {
  const lines = [
    '*`/cost`* — yesterday, month to date and the top models',
    `*\`/cost <model> [stage] [period]\`* — one model (prefix is enough, any case), each currency it is billed in; period: ${PERIOD_FORMS} (default: last 30 days)`,
    '*`/cost top [N]`* — the N most expensive models this month (default 10)',
    '*`/cost budgets`* — budgets with forecast and burn rate',
    '*`/cost anomalies`* — open cost anomalies of the last 7 days',
    '*`/cost idle`* — what the idle GPU guard stopped or warned about',
    '*`/cost help`* — this help',
    'Answers are visible only to you; add `public` as the last word to post in the channel.',
  ];
  return msg('/cost help', [section(lines.join('\n'))]);
}

export const errorMessage = (text: string): SlackMessage => msg(text, [section(`⚠️ ${esc(text)}`)]);

export function summaryMessage(spend: RollupSpend, sources: readonly SourceStatus[]): SlackMessage {
  const c = spend.currency;
  const top = [...spend.models].sort((a, b) => (a.monthToDate > b.monthToDate ? -1 : 1)).slice(0, 5);
  const rows = top.map(
    (m) =>
      `• *${esc(m.model)}* ${money(m.monthToDate, c)} (${share(m.monthToDate, spend.total.monthToDate)})`,
  );
  return msg(
    `Cloud spend: ${money(spend.total.day, c)} yesterday, ${money(spend.total.monthToDate, c)} month to date`,
    [
      fields([
        `*Yesterday (${spend.day})*\n${money(spend.total.day, c)} (${change(spend.total.day, spend.total.weekAgo)} vs last ${weekdayName(spend.day)})`,
        `*Month to date*\n${money(spend.total.monthToDate, c)}`,
        ...spend.providers.slice(0, 8).map((p) => `*${esc(p.provider)}*\n${money(p.monthToDate, c)} MTD`),
      ]),
      section(rows.length ? `*Top models this month*\n${rows.join('\n')}` : 'No spend this month yet.'),
      ...(spend.otherCurrencies.length
        ? [
            section(
              `*Also month to date* (other currencies, each on its own, never added): ${spend.otherCurrencies
                .map((o) => money(o.monthToDate, o.currency))
                .join(' · ')}`,
            ),
          ]
        : []),
      context(completenessLine(sources, spend.day)),
    ],
  );
}

export interface ModelAnswer {
  model: string;
  stage?: string;
  period: Period;
  currency: string;
  total: Money;
  /** The same number of days just before the period. */
  previous: Money;
  byStage: { name: string; cost: Money }[];
  byProvider: { name: string; cost: Money }[];
  daily: Money[];
}

export function modelMessage(a: ModelAnswer): SlackMessage {
  const c = a.currency;
  const who = `*${esc(a.model)}*${a.stage ? ` / ${esc(a.stage)}` : ''}`;
  const split = (xs: ModelAnswer['byStage']) =>
    xs.length
      ? xs.map((x) => `${esc(x.name)} ${money(x.cost, c)} (${share(x.cost, a.total)})`).join(' · ')
      : '-';
  const spark =
    a.daily.length <= 62 ? `\n\`${sparkline(a.daily)}\` daily, ${a.period.from} → ${a.period.to}` : '';
  return msg(`${a.model}: ${money(a.total, c)} ${a.period.label}`, [
    section(
      `${who}: *${money(a.total, c)}* ${a.period.label} (${a.period.from}..${a.period.to}), ` +
        `${change(a.total, a.previous)} vs the ${a.daily.length} days before${spark}`,
    ),
    section(
      fitLines(
        [`*By stage*: ${split(a.byStage)}`, `*By cloud*: ${split(a.byProvider)}`],
        LIMITS.sectionText,
        (n) => `…${n} more`,
      ),
    ),
  ]);
}

export function topMessage(
  rows: { model: string; cost: Money }[],
  total: Money,
  currency: string,
  n: number,
  label: string,
): SlackMessage {
  const { text } = fitTable(
    rows,
    (shown, rest) =>
      `*Top ${n} models*, ${label}\n` +
      codeTable(
        [
          { header: '#', align: 'right' },
          { header: 'MODEL' },
          { header: 'COST', align: 'right' },
          { header: 'SHARE', align: 'right' },
        ],
        [
          ...shown.map((r, i) => [
            String(i + 1),
            esc(clip(r.model, 28)),
            money(r.cost, currency),
            share(r.cost, total),
          ]),
          ...(rest.length
            ? [
                [
                  '',
                  `${rest.length} more`,
                  money(
                    rest.reduce((a, r) => a + r.cost, 0n),
                    currency,
                  ),
                  '',
                ],
              ]
            : []),
          ['', 'ALL MODELS', money(total, currency), '100%'],
        ],
      ),
    LIMITS.sectionText,
    n,
  );
  return msg(`Top ${n} models, ${label}`, [section(text)]);
}

export function budgetsMessage(statuses: readonly BudgetStatus[]): SlackMessage {
  if (statuses.length === 0)
    return msg('No budgets configured', [
      section('No budgets configured (see `budgets:` in costguard.config.yaml).'),
    ]);
  const asOf = statuses[0]?.asOf ?? '';
  return msg(`Budgets as of ${asOf}`, [
    section(
      fitLines(
        [`*Budgets* as of ${asOf}`, ...statuses.map(budgetLine)],
        LIMITS.sectionText,
        (n) => `…and ${n} more budgets`,
      ),
    ),
  ]);
}

export function anomaliesMessage(list: readonly AnomalyRecord[]): SlackMessage {
  if (list.length === 0)
    return msg('No open anomalies', [section('No open cost anomalies in the last 7 days. 🎉')]);
  return msg(`${list.length} open anomalies`, [
    section(
      fitLines(
        [`*Open anomalies* (last 7 days): ${list.length}`, ...list.map(anomalyLine)],
        LIMITS.sectionText,
        (n) => `…and ${n} more`,
      ),
    ),
  ]);
}

export const idleMessage = (notices: readonly IdleNotice[], currency: string): SlackMessage =>
  msg('Idle GPU guard', [section(idleSummary(notices, currency))]);
