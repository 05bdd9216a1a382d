import { InvalidInputError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { parseDay } from '../dates.js';
import { groupThousands, paint } from '../output.js';
import { withStore } from '../wiring.js';

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
  const rows = await withStore(ctx, opts, (w) =>
    w.exportFocus({ file: opts.out, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
  );
  // The file is the output; what is said about it follows the rule: text on a terminal, JSON when piped.
  ctx.io.out(
    ctx.io.isTty
      ? `${paint(ctx.io, 'green', 'Exported')} ${groupThousands(String(rows))} FOCUS rows to ${opts.out}.`
      : JSON.stringify({ file: opts.out, format: 'focus', rows }),
  );
  return rows;
}
