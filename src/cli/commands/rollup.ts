import { loadConfig } from '../../config/load.js';
import { yesterday } from '../../core/day.js';
import { moneyToNumber } from '../../core/money.js';
import type { SlackMessage } from '../../slack/blocks/kit.js';
import { type RollupView, rollupBlocks } from '../../slack/blocks/rollup-blocks.js';
import { loadRollupView } from '../../slack/data.js';
import { slackSettings } from '../../slack/settings.js';
import type { CliContext } from '../context.js';
import { outputFormat } from '../conventions.js';
import { parseDay } from '../dates.js';
import { plainMrkdwn } from '../output.js';
import { withWiring } from '../wiring.js';

export interface RollupOptions {
  config?: string;
  db?: string;
  date?: string;
  post?: boolean;
  format?: string;
}

/** `text` is the old name of `table`, kept so that scripts written for it still run. */
const FORMATS = { formats: ['table', 'json'], aliases: { text: 'table' } } as const;

/** `costguard rollup [--post] [--format json]`: the daily rollup of yesterday (or --date). */
export async function runRollup(ctx: CliContext, opts: RollupOptions): Promise<void> {
  const format = outputFormat(ctx.io, FORMATS, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  if (opts.post) slackSettings(config); // fails early, with the fix, when Slack is not configured
  const day = opts.date ? parseDay('--date', opts.date) : yesterday(ctx.clock.now());
  await withWiring(
    ctx,
    opts,
    async (w) => {
      // Nothing stored: say so, and claim nothing about spend (nor post a rollup of nothing).
      if ((await w.cost.listImports()).length === 0) {
        const note = `The store ${w.path} holds no cost data yet, so there is no rollup${opts.post ? ' (nothing posted)' : ''}. Import a billing export (\`costguard import FILE\`) or pull from the clouds (\`costguard ingest\`).`;
        ctx.io.out(format === 'json' ? JSON.stringify({ day, empty: true, message: note }) : note);
        return;
      }
      const { deps } = await w.slack((l) => ctx.io.err(l));
      let posted: { channel?: string; ts?: string; chartFileId?: string } | undefined;
      if (opts.post) {
        const { postToSlack } = await import('./rollup-post.js');
        posted = await postToSlack(config, deps, day);
      }
      const view = await loadRollupView(deps, day);
      const msg = rollupBlocks(view);
      ctx.io.out(format === 'json' ? JSON.stringify(rollupJson(view, msg, posted)) : plainText(msg, posted));
    },
    config,
  );
}

const n = moneyToNumber;

export function rollupJson(v: RollupView, msg: SlackMessage, posted?: object) {
  const s = v.spend;
  return {
    day: s.day,
    currency: s.currency,
    metric: s.metric,
    total: { day: n(s.total.day), weekAgo: n(s.total.weekAgo), monthToDate: n(s.total.monthToDate) },
    providers: s.providers.map((p) => ({
      provider: p.provider,
      day: n(p.day),
      monthToDate: n(p.monthToDate),
    })),
    models: s.models.map((m) => ({
      model: m.model,
      day: n(m.day),
      weekAgo: n(m.weekAgo),
      monthToDate: n(m.monthToDate),
      stages: m.stages.map((x) => ({ stage: x.stage, cost: n(x.cost) })),
    })),
    untagged: { day: n(s.untagged.day), monthToDate: n(s.untagged.monthToDate) },
    budgets: v.budgets.map((b) => b.summary),
    anomalies: v.anomalies.map((a) => a.explanation),
    idle: v.idle.length,
    dataCompleteUpTo: Object.fromEntries(v.sources.map((x) => [x.source, x.completeUpTo])),
    ...(v.clusters
      ? {
          clusters: v.clusters.map((c) => ({
            cluster: c.cluster,
            currency: c.currency,
            total: n(c.total),
            idle: n(c.idle),
            gpuIdleShare: c.gpuIdleShare,
            unsplit: n(c.unsplit),
            unsplitDays: c.unsplitDays,
            models: c.models.map((m) => ({ model: m.model, cost: n(m.cost) })),
          })),
        }
      : {}),
    message: msg,
    ...(posted ? { posted } : {}),
  };
}

function plainText(msg: SlackMessage, posted?: { channel?: string; ts?: string }): string {
  const parts = msg.blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text.text];
    if (b.type === 'section')
      return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text.replace('\n', ': '))];
    if (b.type === 'context') return b.elements.map((e) => ('text' in e ? e.text : ''));
    return [];
  });
  const out = plainMrkdwn(parts.filter(Boolean).join('\n'));
  return posted ? `${out}\n\nPosted to ${posted.channel} (ts ${posted.ts}).` : out;
}
