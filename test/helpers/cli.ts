import type { CliContext } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  /** What the command wrote to stdout, its writes joined by `sep`. */
  out: string;
  err: string;
}

/**
 * Runs `costguard ...args` in process (no TTY) with the clock at `now`, collecting what it writes.
 * `sep` joins stdout's writes: '\n' for line output, '' to read back one JSON document.
 */
export async function runCli(args: readonly string[], now: Date, sep = '\n'): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), isTty: false, errIsTty: false },
    clock: { now: () => new Date(now.getTime()) },
  };
  const code = await main(['node', 'costguard', ...args], ctx);
  return { code, out: out.join(sep), err: err.join('\n') };
}
