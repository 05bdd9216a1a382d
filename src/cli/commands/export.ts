import { loadConfig } from '../../config/load.js';
import { InvalidInputError } from '../../core/errors.js';
import { DuckDbCostStore } from '../../store/duckdb/duckdb-cost-store.js';
import { exportFocus } from '../../store/duckdb/focus-export.js';
import type { CliContext } from '../context.js';
import { parseDay } from '../dates.js';
import { groupThousands, paint } from '../output.js';

export interface ExportOptions {
  config?: string;
  db?: string;
  format?: string;
  out: string;
  from?: string;
  to?: string;
}

/** `costguard export --format focus --out file`: the store's facts as a FOCUS 1.2 file. */
export async function runExport(ctx: CliContext, opts: ExportOptions): Promise<number> {
  if ((opts.format ?? 'focus') !== 'focus')
    throw new InvalidInputError(`--format must be focus, got "${opts.format}".`);
  const from = opts.from ? parseDay('--from', opts.from) : undefined;
  const to = opts.to ? parseDay('--to', opts.to) : undefined;
  if (from && to && from > to) throw new InvalidInputError(`--from ${from} is after --to ${to}.`);
  const store = await DuckDbCostStore.open(opts.db ?? loadConfig(opts.config).store.path);
  let rows: number;
  try {
    rows = await exportFocus(store.connection, {
      file: opts.out,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
  } finally {
    await store.close();
  }
  ctx.io.out(
    `${paint(ctx.io, 'green', 'Exported')} ${groupThousands(String(rows))} FOCUS rows to ${opts.out}.`,
  );
  return rows;
}
