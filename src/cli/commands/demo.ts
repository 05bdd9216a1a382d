import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliContext } from '../context.js';
import { projectRoot } from '../project-root.js';
import { runImport } from './import.js';
import { runReport } from './report.js';

const root = projectRoot();

/** The FOCUS 1.0 sample export the project ships (FinOps Foundation, CC BY 4.0) and its config. */
export const SAMPLE_EXPORT = join(root, 'test', 'fixtures', 'focus', 'focus_sample.csv');
export const SAMPLE_CONFIG = join(root, 'examples', 'focus-sample.config.yaml');

export interface DemoOptions {
  db?: string;
}

/**
 * `npm start`: imports the shipped sample export into the embedded store and prints the per-model,
 * per-stage report for the days it covers. Running it twice replaces the data, never doubles it.
 */
export async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<void> {
  if (!existsSync(SAMPLE_EXPORT)) throw new Error(`sample export missing: ${SAMPLE_EXPORT}`);
  const db = opts.db ?? 'costguard.duckdb';
  ctx.io.out('costguard demo: importing the FOCUS 1.0 sample export (FinOps Foundation, CC BY 4.0)\n');
  const summary = await runImport(ctx, [SAMPLE_EXPORT], { config: SAMPLE_CONFIG, db, format: 'table' });
  const days = summary.record.scopes.flatMap((s) => [s.from, s.to]).sort();
  const from = days[0] ?? '';
  const to = days.at(-1) ?? '';
  ctx.io.out('');
  const common = { config: SAMPLE_CONFIG, db, from, to, format: 'table' };
  await runReport(ctx, { ...common, by: 'model,stage', limit: '15' });
  ctx.io.out('');
  await runReport(ctx, { ...common, by: 'provider', metric: 'billed' });
  ctx.io.out(
    `\nTry: npx costguard report --db ${db} --config ${SAMPLE_CONFIG} --from ${from} --to ${to} --by model,stage --format json`,
  );
}
