import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CostguardError, InvalidInputError } from '../core/errors.js';
import { FORMAT_NAMES } from '../sources/files/line-source.js';
import { registerConfigCommands } from './config-commands.js';
import { type CliContext, systemClock } from './context.js';
import {
  applyOldSpellings,
  CONVENTIONS_HELP,
  commanderExit,
  EXIT,
  exitCodeOf,
  formatOption,
  helpSettings,
  normaliseFormat,
  oldSpelling,
  packageVersion,
  sourceOption,
} from './conventions.js';
import { processIo } from './output.js';

// Each command's module is imported when the command runs, not at start: `costguard import` then never
// loads the cloud SDKs that `ingest` needs (together they take longer to load than a small import).
const commands = {
  anomalies: () => import('./commands/anomalies.js'),
  budgets: () => import('./commands/budgets.js'),
  clusters: () => import('./commands/clusters.js'),
  demo: () => import('./commands/demo.js'),
  doctor: () => import('./commands/doctor.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  idle: () => import('./commands/idle.js'),
  ingest: () => import('./commands/ingest.js'),
  report: () => import('./commands/report.js'),
  run: () => import('./commands/run.js'),
  rollup: () => import('./commands/rollup.js'),
  slack: () => import('./commands/slack.js'),
};

const configOption = () =>
  new Option('-c, --config <file>', 'config file (default ./costguard.config.yaml if present)');
const dbOption = () => new Option('--db <file>', 'DuckDB store file (default ./costguard.duckdb)');
const storeOption = () =>
  new Option(
    '--store <url>',
    'the store to read: dynamodb://TABLE?region=R (the deployed table) or a DuckDB file (default: store.url, else --db)',
  );
const TABLE_JSON = { formats: ['table', 'json'] } as const;
const ROWS = { formats: ['table', 'json', 'csv'] } as const;
const REPORT_FORMATS = { formats: ['table', 'json', 'csv', 'html'] } as const;
/** A flag that may be repeated and also takes comma lists: `--model a --model b,c`. */
const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
];

/** import's --format: the output format, or (old spelling, warned about) an input format name. */
const importFormatOption = () =>
  formatOption(TABLE_JSON).argParser((v: string, prev: string[] = []) => {
    if ((FORMAT_NAMES as readonly string[]).includes(v)) return [...prev, v];
    try {
      return [...prev, normaliseFormat(TABLE_JSON, v)];
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  });

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('costguard')
    .description('Cost per ML model and stage across AWS, Google Cloud and Azure.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureHelp(helpSettings)
    .addHelpText('afterAll', CONVENTIONS_HELP)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .option(
      '--lock-wait <seconds>',
      'how long to wait for a store file another costguard process holds (default: store.lockWaitSeconds, 60)',
    )
    // A program option, so every command that opens the store takes it, before or after its name.
    .hook('preAction', (_program, action) => {
      applyOldSpellings(action, ctx.io);
      ctx.lockWaitSeconds = lockWaitSeconds(action.optsWithGlobals().lockWait);
    });

  program
    .command('import')
    .description(
      'Import billing exports (FOCUS, AWS CUR 2.0 and legacy CUR, Google Cloud billing export, Azure cost ' +
        'details; .csv, .csv.gz, .parquet, .jsonl, or folders of them) as one unit.',
    )
    .argument('<paths...>', 'export files or folders')
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(
      new Option('--input-format <format>', 'input format (default: detected from the header)').choices(
        FORMAT_NAMES,
      ),
    )
    .addOption(importFormatOption())
    .addOption(oldSpelling('--output <output>', '--format'))
    .option('--source <name>', 'source name recorded with the import (default: the format)')
    .action(async (paths: string[], opts) => {
      await (await commands.import()).runImport(ctx, paths, opts);
    });

  program
    .command('export')
    .description(
      'Write the stored daily facts as a FOCUS 1.2 file (.csv, .csv.gz or .parquet) with x_model and x_stage.',
    )
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .addOption(new Option('--format <format>', 'output format').choices(['focus']).default('focus'))
    .requiredOption('-o, --out <file>', 'file to write; .parquet writes Parquet, anything else CSV')
    .option('--from <day>', 'first day, YYYY-MM-DD (default: the first stored day)')
    .option('--to <day>', 'last day, inclusive, YYYY-MM-DD (default: the last stored day)')
    .action(async (opts) => {
      await (await commands.export()).runExport(ctx, opts);
    });

  program
    .command('report')
    .description('Cost by model and stage (or other dimensions) over a range of UTC days.')
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .option('--from <day>', 'first day, YYYY-MM-DD (default: first of this month)')
    .option('--to <day>', 'last day, inclusive, YYYY-MM-DD (default: today, UTC)')
    .option(
      '--by <dims>',
      'comma-separated: model,stage,provider,subaccount,service,region,currency',
      'model,stage',
    )
    .option('--metric <metric>', 'billed | effective | list', 'effective')
    .option('--grain <grain>', 'also split by period: day | week (ISO, from Monday) | month')
    .option('--model <names>', 'only these models (repeatable, or comma-separated)', list)
    .option('--stage <names>', 'only these stages (repeatable, or comma-separated)', list)
    .option(
      '--provider <names>',
      'only these providers: aws, gcp, azure, or a name as --by provider shows it (repeatable, or comma-separated)',
      list,
    )
    .addOption(formatOption(REPORT_FORMATS, '; html: the report page, written to --out'))
    .option('-o, --out <file>', 'with --format html: the page to write (one self-contained file)')
    .option('--limit <n>', 'table rows to show before summing the rest (0 = all)', '25')
    .action(async (opts) => {
      await (await commands.report()).runReport(ctx, opts);
    });

  const anomalies = program
    .command('anomalies')
    .description('Judge the latest stored day for cost anomalies (or score a CSV with --input).')
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .option('--date <day>', 'day to judge, YYYY-MM-DD (default: the latest day with data)')
    .option('--input <file>', 'scoring mode: CSV with header series,date,cost (or value)')
    .addOption(
      formatOption(
        { formats: ['table', 'json', 'csv', 'jsonl'] },
        '; scoring mode (--input): jsonl (default) | json',
      ),
    )
    .option('--min-impact <amount>', 'impact floor per day in the series currency (default 10)')
    .option('--drops', 'also report spend drops (store mode; off by default)')
    .option('--threads <n>', 'scoring mode: worker threads (default: every core from 2,000 series, else 1)')
    .action(async (opts) => {
      await (await commands.anomalies()).runAnomalies(ctx, opts);
    });
  anomalies
    .command('mark')
    .description('Mark an anomaly expected (silences the same series and cause for a while) or real.')
    .argument('<id>', 'anomaly id (from --format json or the table)')
    .argument('<verdict>', 'expected | real')
    .requiredOption('--by <who>', 'who makes the mark')
    .option('--note <text>', 'why')
    .addOption(formatOption(TABLE_JSON))
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .action(async (id: string, verdict: string, _opts, cmd: Command) => {
      // --db and --config may come before `mark`, where the parent command parses them.
      await (await commands.anomalies()).runMark(ctx, id, verdict, cmd.optsWithGlobals());
    });

  program
    .command('budgets')
    .description(
      'Budget status with month-end forecast and burn-rate ETA; each threshold alerts once a month.',
    )
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .option('--date <day>', 'judge as of the end of this day (default: yesterday, UTC)')
    .addOption(formatOption(ROWS))
    .action(async (opts) => {
      await (await commands.budgets()).runBudgets(ctx, opts);
    });

  program
    .command('ingest')
    .description('Pull recent days from the live billing APIs (AWS, Google Cloud, Azure) and replace them.')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--from <day>', 'first day, YYYY-MM-DD (default: the trailing window of sources.trailingDays)')
    .option('--to <day>', 'last day, inclusive, YYYY-MM-DD (default: today, UTC)')
    .addOption(sourceOption("every configured source; opencost = the clusters' allocations", 'opencost'))
    .option('--dry-run', 'pull and attribute, but write nothing')
    .addOption(formatOption(TABLE_JSON))
    .action(async (opts) => {
      await (await commands.ingest()).runIngest(ctx, opts);
    });

  const clusters = program
    .command('clusters')
    .description(
      "Shared GPU clusters: each one's bill over the range, split per model from OpenCost, its idle part and spend not split yet.",
    )
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .option('--from <day>', "first day, YYYY-MM-DD (default: the first of --to's month)")
    .option('--to <day>', 'last day, inclusive (default: yesterday, UTC)')
    .addOption(formatOption(TABLE_JSON))
    .action(async (opts) => {
      await (await commands.clusters()).runClusters(ctx, opts);
    });
  clusters
    .command('import')
    .description(
      "Import a cluster's OpenCost CSV export (its exporter's EXPORT_CSV_FILE) and re-split the stored cluster spend of those days.",
    )
    .argument('<file>', 'the CSV file')
    .addOption(configOption())
    .addOption(dbOption())
    .addOption(storeOption())
    .option('--cluster <name>', 'which of attribution.clusters it is (default: the only one)')
    .option('--dry-run', 'read and check the file, write nothing')
    .addOption(formatOption(TABLE_JSON))
    // The parent `clusters` takes --config, --db and --format too: read them from either.
    .action(async (file: string, _opts, cmd: Command) => {
      await (await commands.clusters()).runClustersImport(ctx, file, cmd.optsWithGlobals());
    });

  program
    .command('rollup')
    .description("The daily Slack rollup of yesterday's spend; --post sends it to the configured channel.")
    .addOption(configOption())
    .addOption(dbOption())
    .option('--date <day>', 'day to roll up, YYYY-MM-DD (default: yesterday, UTC)')
    .option('--post', 'post it (and the 30-day chart) to slack.channel')
    .addOption(formatOption({ formats: ['table', 'json'], aliases: { text: 'table' } }, '; text = table'))
    .action(async (opts) => {
      await (await commands.rollup()).runRollup(ctx, opts);
    });

  program
    .command('slack')
    .description('The Slack bot.')
    .command('serve')
    .description('Serve /cost and the alert buttons over HTTP (Bolt HTTP receiver, POST /slack/events).')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--port <port>', 'port to listen on', '3000')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(async (opts) => {
      await (await commands.slack()).runSlackServe(ctx, opts);
    });

  program
    .command('run')
    .description(
      'The daily cycle against the real clouds and Slack in the config: ingest, anomalies, budgets, idle sweep, rollup.',
    )
    .addOption(configOption())
    .addOption(dbOption())
    .option('--apply', 'let the idle sweep stop instances (default: dry run unless idle.mode is enforce)')
    .option('--html <file>', 'after the cycle, write the report page (this month) to this file')
    .addOption(formatOption(TABLE_JSON, '; json: one summary of every step'))
    .action(async (opts) => {
      await (await commands.run()).runCycle(ctx, opts);
    });

  program
    .command('demo')
    .description(
      'The daily cycle on a simulated ML organisation, no credentials needed (what `npm start` runs).',
    )
    .option('--db <file>', 'DuckDB store file (default ./costguard-demo.duckdb, recreated each run)')
    .option('--html <file>', 'HTML report to write', 'costguard-report.html')
    .option('--seed <n>', 'seed of the simulated organisation', '42')
    .option('--sample', 'instead import the shipped FOCUS sample export and print its report')
    .action(async (opts) => {
      await (await commands.demo()).runDemo(ctx, opts);
    });

  program
    .command('idle')
    .description('End-of-day guard: find untagged or idle GPU instances, warn their owners, then stop them.')
    .addOption(configOption())
    .addOption(dbOption())
    .option('--apply', 'warn and stop for real (default: dry run unless idle.mode is enforce)')
    .addOption(sourceOption('every cloud with an idle section'))
    .addOption(oldSpelling('--provider <list>', '--source'))
    .option('--now <iso>', 'pretend it is this time (ISO date-time with zone), e.g. to preview day-end')
    .addOption(formatOption(ROWS))
    .action(async (opts) => {
      await (await commands.idle()).runIdle(ctx, opts);
    });

  registerConfigCommands(program, ctx); // init, config check, config schema (issue 16)
  program
    .command('doctor')
    .description(
      'Check credentials and permissions: one cheap read-only call per configured source, idle fleet and ' +
        'Slack, and the fix for each failure. Exit codes: 0 all pass, 1 a check failed, 2 usage or config error.',
    )
    .addOption(configOption())
    .addOption(formatOption({ formats: ['table', 'json'] }))
    .option('--timeout <seconds>', 'how long each check may take', '20')
    .action(async (opts) => {
      await (await commands.doctor()).runDoctorCommand(ctx, opts);
    });

  return program;
}

function lockWaitSeconds(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  if (flag.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidInputError(`--lock-wait must be a number of seconds, 0 or more (got "${flag}")`);
  return n;
}

/** Runs the CLI; returns the exit code. Errors print as one clear message, not a stack trace. */
export async function main(
  argv: readonly string[],
  ctx: CliContext = { io: processIo, clock: systemClock },
): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e.exitCode);
    if (e instanceof CostguardError) {
      ctx.io.err(`costguard: ${e.message}`);
      return exitCodeOf(e);
    }
    ctx.io.err(`costguard: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT.failed;
  }
}
