import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parse as parseYaml } from 'yaml';
import { CLOUDS, type Cloud, placeholdersIn, renderInitConfig } from '../../config/init-template.js';
import { configJsonSchemaText } from '../../config/json-schema.js';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { InvalidInputError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import type { OutputFormat } from '../output.js';

export interface InitOptions {
  config?: string;
  clouds?: string;
  slack?: boolean;
  yes?: boolean;
  force?: boolean;
  format?: OutputFormat;
}

/** Asks one question on the terminal and returns the answer (tests hand in scripted answers). */
export interface Prompter {
  ask(question: string): Promise<string>;
  close(): void;
}

/** Written next to the config: editors read it through the file's first line. */
export const SCHEMA_FILE = 'costguard.schema.json';

/** A readline prompter when both stdin and stdout are terminals; otherwise nobody can answer. */
export function terminalPrompter(ctx: CliContext): Prompter | undefined {
  if (!ctx.io.isTty || process.stdin.isTTY !== true) return undefined;
  let rl: ReturnType<typeof createInterface> | undefined;
  return {
    ask: (q) => {
      rl ??= createInterface({ input: process.stdin, output: process.stdout });
      return rl.question(q);
    },
    close: () => rl?.close(),
  };
}

/** `aws,gcp` -> the clouds; anything else is refused with the choices. */
export function parseClouds(list: string, what = '--clouds'): Cloud[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'none');
  const unknown = names.filter((n) => !(CLOUDS as readonly string[]).includes(n));
  if (unknown.length)
    throw new InvalidInputError(
      `${what}: unknown cloud "${unknown.join(', ')}"; choose from ${CLOUDS.join(', ')}.`,
    );
  return CLOUDS.filter((c) => names.includes(c));
}

async function askClouds(p: Prompter): Promise<Cloud[]> {
  let hint = '';
  for (;;) {
    const answer = await p.ask(
      `${hint}Which clouds do you use? (comma-separated: ${CLOUDS.join(', ')}; empty for none) `,
    );
    try {
      return parseClouds(answer, 'answer');
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      hint = `${e.message}\n`; // a typo asks again instead of ending the session
    }
  }
}

async function askYesNo(p: Prompter, question: string): Promise<boolean> {
  for (;;) {
    const answer = (await p.ask(`${question} [y/N] `)).trim().toLowerCase();
    if (answer === '' || answer === 'n' || answer === 'no') return false;
    if (answer === 'y' || answer === 'yes') return true;
  }
}

/**
 * `costguard init`: writes a commented costguard.config.yaml (and the JSON Schema editors check it
 * against). Refuses an existing file unless --force, before asking anything.
 */
export async function runInit(
  ctx: CliContext,
  opts: InitOptions,
  prompter: Prompter | undefined = terminalPrompter(ctx),
): Promise<void> {
  const file = opts.config ?? DEFAULT_CONFIG_FILE;
  if (existsSync(file) && !opts.force)
    throw new InvalidInputError(
      `${file} already exists and init leaves it unchanged. Pass --force to overwrite it, or --config <file> to write another file.`,
    );
  let clouds = opts.clouds !== undefined ? parseClouds(opts.clouds) : [];
  let slack = opts.slack === true;
  const asker = opts.yes ? undefined : prompter;
  if (asker) {
    try {
      if (opts.clouds === undefined) clouds = await askClouds(asker);
      if (opts.slack === undefined)
        slack = await askYesNo(asker, 'Post to Slack (daily rollup, alerts, idle warnings)?');
    } finally {
      asker.close();
    }
  }

  const schemaPath = join(dirname(file), SCHEMA_FILE);
  const text = renderInitConfig({ clouds, slack, schemaRef: `./${SCHEMA_FILE}` });
  mkdirSync(dirname(file), { recursive: true });
  // 'wx' fails if the file appeared since the check above: never overwrite without --force.
  writeFileSync(file, text, { flag: opts.force ? 'w' : 'wx' });
  writeFileSync(schemaPath, configJsonSchemaText());

  const placeholders = placeholdersIn(parseYaml(text));
  const format = opts.format ?? (ctx.io.isTty ? 'table' : 'json');
  if (format === 'json') {
    ctx.io.out(JSON.stringify({ file, schema: schemaPath, clouds, slack, placeholders }, null, 2));
    return;
  }
  const what = [...clouds, ...(slack ? ['slack'] : [])].join(', ') || 'no clouds, no Slack';
  const lines = [`Wrote ${file} (${what}) and ${schemaPath} (for editors: ${basename(file)}'s first line).`];
  if (placeholders.length)
    lines.push(
      `Fill in ${placeholders.length} placeholder${placeholders.length === 1 ? '' : 's'} (REPLACE-ME, 000000000000):`,
      ...placeholders.map((p) => `  ${p}`),
    );
  const check = opts.config ? `costguard config check --config ${file}` : 'costguard config check';
  lines.push(`Then run \`${check}\`; docs/config.md explains every key.`);
  ctx.io.out(lines.join('\n'));
}
