import { svgToPng } from '../charts/png.js';
import { chartAltText, chartData, spendChartSvg } from '../charts/spend-chart.js';
import { yesterday } from '../core/day.js';
import { rollupBlocks } from './blocks/rollup-blocks.js';
import { loadRollupView } from './data.js';
import type { SlackDeps } from './ports.js';
import { postMessage, type WebClient } from './post.js';

export interface RollupResult {
  day: string;
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
  opts: { day?: string } = {},
): Promise<RollupResult> {
  const day = opts.day ?? yesterday(deps.clock.now());
  const view = await loadRollupView(deps, day);
  const msg = rollupBlocks(view);
  const posted = await postMessage(client, deps.settings.channel, msg);
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
