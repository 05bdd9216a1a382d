import { type Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { formatOption as conventionalFormat } from './conventions.js';

// `costguard init` and `costguard config check|schema`: writing and checking costguard.config.yaml.
// Registered from one call in main.ts; the modules load when the command runs, like the others.

const formatOption = () => conventionalFormat({ formats: ['table', 'json'] });

export function registerConfigCommands(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description(
      'Write a commented costguard.config.yaml (attribution, sources, idle fleets, Slack, budgets, anomalies) ' +
        'with placeholders to fill in, and costguard.schema.json beside it for editors. On a terminal it asks ' +
        'what --clouds and --slack leave open. Exit 2 if the file exists (without --force).',
    )
    .option('-c, --config <file>', 'file to write (default ./costguard.config.yaml)')
    .option('--clouds <list>', 'comma-separated: aws,gcp,azure (sources and idle fleets to set up)')
    .option('--slack', 'set up the Slack bot')
    .option('-y, --yes', 'ask nothing: only what the flags say')
    .option('--force', 'overwrite an existing file')
    .addOption(formatOption())
    .action(async (opts) => {
      await (await import('./commands/init.js')).runInit(ctx, opts);
    });

  const config = program
    .command('config')
    .description('Check costguard.config.yaml, or print its JSON Schema.');
  config
    .command('check')
    .description(
      'Validate the config and print it with every default filled in (YAML on a terminal, JSON otherwise), ' +
        'or every error with its path. Exit 0 valid, 2 invalid or missing.',
    )
    .option('-c, --config <file>', 'config file (default ./costguard.config.yaml)')
    .addOption(formatOption())
    .action(async (opts) => {
      const code = (await import('./commands/config.js')).runConfigCheck(ctx, opts);
      // The errors are already printed; the exit code is all that is left to say.
      if (code !== 0) throw new CommanderError(code, 'costguard.configInvalid', 'config invalid');
    });
  config
    .command('schema')
    .description("Print the config's JSON Schema (draft 2020-12), e.g. > costguard.schema.json for editors.")
    .action(async () => {
      (await import('./commands/config.js')).runConfigSchema(ctx);
    });
}
