import { writeFileSync } from 'node:fs';
import type { SweepResult } from '../../app/idle-sweep.js';
import { escXml as esc } from '../../charts/svg-text.js';
import type { AnomalyRecord } from '../../core/anomaly/types.js';
import type { BudgetStatus } from '../../core/budget/budget.js';
import { formatMoney } from '../../core/money.js';
import type { FakeSlackApi } from '../../sim/fakes/slack-api.js';
import type { SimWorld } from '../../sim/world.js';
import type { CliContext } from '../context.js';
import { renderReportPage } from '../html/report-page.js';
import { renderTable } from '../output.js';
import type { CliWiring } from '../wiring.js';

// What `costguard demo` prints and writes besides the commands' own output: the anomaly and idle
// summaries for the terminal, and the HTML report.

export function anomalyTable(found: readonly AnomalyRecord[]): string {
  if (found.length === 0) return 'No anomalies.';
  return renderTable(
    [{ header: 'DAY' }, { header: 'SERIES' }, { header: 'WHAT' }],
    found.map((a) => [a.day, a.seriesId, a.explanation]),
  );
}

/** The self-contained HTML report of the demo run. */
export async function writeHtml(
  ctx: CliContext,
  w: CliWiring,
  input: {
    html: string;
    world: SimWorld;
    anomalies: AnomalyRecord[];
    budgets: BudgetStatus[];
    sweep: SweepResult;
    slack: FakeSlackApi;
  },
) {
  {
    const facts = await w.cost.queryFacts({ from: input.world.days[0] as string, to: input.world.end });
    const status = await w.sources();
    const freshness = (await status.list()).map((s) => ({ source: s.source, completeUpTo: s.completeUpTo }));
    const page = renderReportPage({
      title: 'costguard: simulated ML organisation',
      generatedAt: ctx.clock.now().toISOString(),
      days: input.world.days,
      facts,
      currency: 'USD',
      anomalies: input.anomalies.filter(
        (a) => a.series.level === 'model-stage' || a.series.level === 'model',
      ),
      budgets: input.budgets,
      freshness,
      slack: input.slack.callsTo('chat.postMessage').map((c) => ({
        channel: String(c.args.channel ?? ''),
        text: String(c.args.text ?? ''),
        blocks: parseBlocks(c.args.blocks),
      })),
      sections: [{ title: 'Day-end idle GPU sweep (dry run)', html: idleHtml(input.sweep) }],
    });
    writeFileSync(input.html, page);
  }
}

function parseBlocks(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function idleHtml(sweep: SweepResult): string {
  const rows = sweep.plan.decisions
    // What a reader checks: every action, and every kept machine that is kept for a reason other than
    // being busy or managed (exempt, keep-until, no metrics, working hours).
    .filter(
      (d) => d.action !== 'keep' || d.reasons.some((r) => !r.startsWith('busy') && !r.startsWith('managed')),
    )
    .map(
      (d) =>
        `<tr><td>${esc(d.action)}</td><td>${esc(d.instance.provider)}</td><td>${esc(d.instance.instanceId)}</td><td>${esc(d.instance.instanceType)}</td><td>${esc(d.model)}/${esc(d.stage)}</td><td>${esc(d.owner ?? '')}</td><td>${esc(d.reasons.join(', '))}</td><td>${esc(formatMoney(d.estimatedSavings, 2))}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>action</th><th>cloud</th><th>instance</th><th>type</th><th>model/stage</th><th>owner</th><th>reasons</th><th>saving</th></tr>${rows}</table>`;
}

/** The same context with its standard output dropped (for a command whose result we print ourselves). */
export function quiet(ctx: CliContext): CliContext {
  return { ...ctx, io: { ...ctx.io, out: () => {} } };
}

export function idleSummary(sweep: SweepResult): string {
  const ds = sweep.plan.decisions;
  const count = (a: string) => ds.filter((d) => d.action === a).length;
  const acting = ds.filter((d) => d.action !== 'keep');
  const table = renderTable(
    [
      { header: 'ACTION' },
      { header: 'CLOUD' },
      { header: 'INSTANCE' },
      { header: 'TYPE' },
      { header: 'MODEL/STAGE' },
      { header: 'REASONS' },
    ],
    acting.map((d) => [
      d.action,
      d.instance.provider,
      d.instance.instanceId,
      d.instance.instanceType,
      `${d.model}/${d.stage}`,
      d.reasons.join(', '),
    ]),
  );
  const kept = ds.filter((d) => d.action === 'keep');
  const why = (r: string) => kept.filter((d) => d.reasons.some((x) => x.startsWith(r))).length;
  return `${ds.length} running GPU machines: ${count('stop')} to stop, ${count('warn')} to warn (owners get 30 min before the stop), ${count('keep')} kept (${why('managed')} in managed groups, ${why('exempt')} exempt, ${why('working-hours')} in working hours, ${why('no-metrics')} without metrics)\n${table}`;
}
