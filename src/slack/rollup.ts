import { svgToPng } from '../charts/png.js';
import { chartAltText, chartData, spendChartSvg } from '../charts/spend-chart.js';
import { monthDayLabel } from '../core/budget/budget.js';
import { yesterday } from '../core/day.js';
import type { PublishedPage } from '../core/report-page/ports.js';
import { context } from './blocks/kit.js';
import { type RollupView, rollupBlocks } from './blocks/rollup-blocks.js';
import { loadRollupView } from './data.js';
import type { SlackDeps } from './ports.js';
import { postMessage, type WebClient } from './post.js';

/** The report page the rollup links: published, or why it could not be. */
export type PageLink = PublishedPage | { error: string };

export interface RollupResult {
  day: string;
  /** The page's link when one was published. */
  pageUrl?: string;
  channel?: string;
  ts?: string;
  chartFileId?: string;
  /** Why the chart is missing when the PNG could not be rendered (the message went out anyway). */
  chartError?: string;
}

/**
 * The daily rollup (called by the scheduled function and `costguard rollup --post`): the message to
 * the configured channel, then the 30-day chart as a PNG in its thread (files.uploadV2).
 */
export async function postRollup(
  client: WebClient,
  deps: SlackDeps,
  /** `view`: the day's view when the caller read it already (the deployed rollup also notifies Teams). */
  opts: { day?: string; page?: PageLink; view?: RollupView } = {},
): Promise<RollupResult> {
  const day = opts.day ?? yesterday(deps.clock.now());
  const view = opts.view ?? (await loadRollupView(deps, day));
  const msg = rollupBlocks(view);
  if (opts.page) msg.blocks.push(pageBlock(opts.page));
  const posted = {
    ...(await postMessage(client, deps.settings.channel, msg)),
    ...(opts.page && 'url' in opts.page ? { pageUrl: opts.page.url } : {}),
  };
  if (!view.chart || view.spend.models.length === 0) return { day, ...posted };
  const data = chartData(view.spend);
  let png: Buffer;
  try {
    png = await svgToPng(spendChartSvg(data));
  } catch (e) {
    return { day, ...posted, chartError: (e as Error).message };
  }
  const up = await client.files.uploadV2({
    channel_id: posted.channel,
    thread_ts: posted.ts,
    file: png,
    filename: `spend-by-model-${day}.png`,
    title: data.title,
    alt_text: chartAltText(data),
  });
  const files = (up as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  const id = files[0]?.files?.[0]?.id;
  return { day, ...posted, ...(id ? { chartFileId: id } : {}) };
}

/** The link to the full report page, with the day it stops working; or why there is none today. */
function pageBlock(page: PageLink) {
  const text =
    'url' in page
      ? `<${page.url}|Open the full report> (charts, the cost table with filters, anomalies, budgets; ` +
        `the link works until ${monthDayLabel(page.expiresAt.slice(0, 10))} ${page.expiresAt.slice(11, 16)} UTC)`
      : `The full report page could not be published today: ${page.error.slice(0, 200)}`;
  return context(text);
}
