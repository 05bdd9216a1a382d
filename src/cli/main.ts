import { Command, CommanderError, Option } from 'commander';
import { CostguardError } from '../core/errors.js';
import { runDemo } from './commands/demo.js';
import { runIdle } from './commands/idle.js';
import { runImport } from './commands/import.js';
import { runReport } from './commands/report.js';
import { type CliContext, systemClock } from './context.js';
import { processIo } from './output.js';

const configOption = () =>
  new Option('-c, --config <file>', 'config file (default ./costguard.config.yaml if present)');
const dbOption = () => new Option('--db <file>', 'DuckDB store file (default ./costguard.duckdb)');

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('costguard')
    .description('Cost per ML model and stage across AWS, Google Cloud and Azure.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });

  program
    .command('import')
    .description('Import FOCUS billing exports (.csv, .csv.gz, .parquet, or folders of them) as one unit.')
    .argument('<paths...>', 'export files or folders')
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']))
    .option('--source <name>', 'source name a later import of the same data replaces', 'focus')
    .action(async (paths: string[], opts) => {
      await runImport(ctx, paths, opts);
    });

  program
    .command('report')
    .description('Cost by model and stage (or other dimensions) over a range of UTC days.')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--from <day>', 'first day, YYYY-MM-DD (default: first of this month)')
    .option('--to <day>', 'last day, inclusive, YYYY-MM-DD (default: today, UTC)')
    .option(
      '--by <dims>',
      'comma-separated: model,stage,provider,subaccount,service,region,currency',
      'model,stage',
    )
    .option('--metric <metric>', 'billed | effective | list', 'effective')
    .option('--format <format>', 'table | json | csv (default: table on a terminal, json otherwise)')
    .option('--limit <n>', 'table rows to show before summing the rest (0 = all)', '25')
    .action(async (opts) => {
      await runReport(ctx, opts);
    });

  program
    .command('demo')
    .description('Import the shipped FOCUS sample export and print its report (what `npm start` runs).')
    .addOption(dbOption())
    .action(async (opts) => {
      await runDemo(ctx, opts);
    });

  program
    .command('idle')
    .description('End-of-day guard: find untagged or idle GPU instances, warn their owners, then stop them.')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--apply', 'warn and stop for real (default: dry run unless idle.mode is enforce)')
    .option('--provider <list>', 'comma-separated clouds to sweep: aws,gcp,azure (default: all configured)')
    .option('--now <iso>', 'pretend it is this time (ISO date-time with zone), e.g. to preview day-end')
    .option('--format <format>', 'table | json (default: table on a terminal, json otherwise)')
    .action(async (opts) => {
      await runIdle(ctx, opts);
    });

  return program;
}

/** Runs the CLI; returns the exit code. Errors print as one clear message, not a stack trace. */
export async function main(
  argv: readonly string[],
  ctx: CliContext = { io: processIo, clock: systemClock },
): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CostguardError) {
      ctx.io.err(`costguard: ${e.message}`);
      return e.code === 'INVALID_INPUT' ? 2 : 1;
    }
    ctx.io.err(`costguard: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
