import { writeFileSync } from 'node:fs';
import type { SweepResult } from '../../app/idle-sweep.js';
import { reportPage } from '../../app/report-page.js';
import { escXml as esc } from '../../charts/svg-text.js';
import type { Episode } from '../../core/anomaly/episodes.js';
import { utcDay } from '../../core/day.js';
import { formatMoney } from '../../core/money.js';
import type { FakeSlackApi } from '../../sim/fakes/slack-api.js';
import type { SimWorld } from '../../sim/world.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../output.js';
import type { CliWiring } from '../wiring.js';

// What `costguard demo` prints and writes besides the commands' own output: the anomaly and idle
// summaries for the terminal, and the HTML report.

/** One line per episode: first day, days, the series in words, direction, summed impact. */
export function anomalyTable(episodes: readonly Episode[]): string {
  if (episodes.length === 0) return 'No anomalies.';
  const sorted = [...episodes].sort((a, b) =>
    a.firstDay === b.firstDay ? (a.label < b.label ? -1 : 1) : a.firstDay < b.firstDay ? -1 : 1,
  );
  return renderTable(
    [
      { header: 'FROM' },
      { header: 'DAYS', align: 'right' },
      { header: 'SERIES' },
      { header: 'CHANGE' },
      { header: 'IMPACT', align: 'right' },
    ],
    sorted.map((e) => [
      e.firstDay,
      String(e.days),
      e.label,
      e.direction === 'up' ? 'spike' : 'drop',
      `${e.impact > 0n ? '+' : ''}${formatMoney(e.impact, 2)} ${e.currency}`,
    ]),
  );
}

/**
 * The demo's HTML report: the report page every runtime writes (src/app/report-page.ts) over the
 * simulated 120 days, with what the Slack bot posted as an extra section.
 */
export async function writeHtml(
  ctx: CliContext,
  w: CliWiring,
  input: { html: string; world: SimWorld; slack: FakeSlackApi },
): Promise<void> {
  const posted = input.slack.callsTo('chat.postMessage').map((c) => ({
    channel: String(c.args.channel ?? ''),
    text: String(c.args.text ?? ''),
    blocks: parseBlocks(c.args.blocks),
  }));
  const page = await reportPage(
    {
      costs: w.cost,
      anomalies: await w.anomalies(),
      sources: await w.sources(),
      idleAudit: await w.idleAudit(),
      allocations: await w.allocations(),
      subAccounts: await w.subAccounts(),
    },
    w.config,
    {
      from: input.world.days[0] as string,
      to: input.world.end,
      today: utcDay(ctx.clock.now()),
      title: 'costguard: simulated ML organisation',
      generatedAt: ctx.clock.now().toISOString(),
    },
    {
      sections: [
        {
          title: 'What the Slack bot posted',
          html: posted.map(slackMessage).join('') || '<p>Nothing was posted.</p>',
        },
      ],
    },
  );
  writeFileSync(input.html, page);
}

/** A message as posted to Slack, for the page to show what the bot said. */
interface PostedMessage {
  channel: string;
  text: string;
  blocks?: readonly unknown[];
}

function slackMessage(m: PostedMessage): string {
  const blocks = (m.blocks ?? []) as {
    type?: string;
    text?: { text?: string };
    fields?: { text?: string }[];
    elements?: { text?: string | { text?: string } }[];
  }[];
  const body = blocks.length
    ? blocks
        .map((b) => {
          if (b.type === 'header') return `<h4>${esc(b.text?.text ?? '')}</h4>`;
          if (b.type === 'divider') return '<hr>';
          const texts = [
            b.text?.text,
            ...(b.fields ?? []).map((f) => f.text),
            ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text)),
          ];
          return `<p>${texts
            .filter(Boolean)
            .map((t) => esc(String(t)))
            .join('<br>')}</p>`;
        })
        .join('')
    : `<p>${esc(m.text)}</p>`;
  return `<div class="slack"><div class="muted">#${esc(m.channel)}</div>${body}</div>`;
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
