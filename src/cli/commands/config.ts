import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, type ConfigIssue } from '../../config/errors.js';
import { placeholdersIn } from '../../config/init-template.js';
import { configJsonSchemaText } from '../../config/json-schema.js';
import { DEFAULT_CONFIG_FILE, parseConfig, readConfigFile } from '../../config/load.js';
import type { CostguardConfig } from '../../config/schema.js';
import type { CliContext } from '../context.js';
import type { OutputFormat } from '../output.js';

export interface ConfigCheckOptions {
  config?: string;
  format?: OutputFormat;
}

/** `costguard config schema`: the JSON Schema of costguard.config.yaml. */
export function runConfigSchema(ctx: CliContext): void {
  ctx.io.out(configJsonSchemaText());
}

/**
 * A local `$schema=` file named on the config's first line that is missing or differs from this
 * version's schema: the editor would then check the file against rules costguard no longer has.
 */
function staleSchemaNote(file: string): string | undefined {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0] ?? '';
  const ref = /^#\s*yaml-language-server:\s*\$schema=(\S+)/.exec(first)?.[1];
  if (!ref || /^[a-z]+:\/\//i.test(ref)) return undefined;
  const path = isAbsolute(ref) ? ref : join(dirname(file), ref);
  const refresh = `refresh it with \`costguard config schema > ${path}\``;
  if (!existsSync(path))
    return `${path}, the schema editors check this file against, is missing: ${refresh}.`;
  if (readFileSync(path, 'utf8').trim() !== configJsonSchemaText().trim())
    return `${path} differs from this costguard version's schema: ${refresh}.`;
  return undefined;
}

function check(
  file: string,
): { config: CostguardConfig; placeholders: string[] } | { errors: ConfigIssue[] } {
  try {
    const raw = readConfigFile(file);
    return { config: parseConfig(raw, file), placeholders: placeholdersIn(raw) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { errors: e.issues.length ? [...e.issues] : [{ path: '(file)', message: e.message }] };
  }
}

/**
 * `costguard config check`: the effective config (every default filled in) or every error with its
 * path. Returns the exit code: 0 valid, 2 invalid or missing.
 */
export function runConfigCheck(ctx: CliContext, opts: ConfigCheckOptions): number {
  const format = opts.format ?? (ctx.io.isTty ? 'table' : 'json');
  const file = opts.config ?? DEFAULT_CONFIG_FILE;
  const result = existsSync(file)
    ? check(file)
    : {
        errors: [
          {
            path: '(file)',
            message: `${file} does not exist. Run \`costguard init\` to write one${opts.config ? '' : ', or pass --config <file>'}.`,
          },
        ],
      };

  if ('errors' in result) {
    if (format === 'json') ctx.io.out(JSON.stringify({ file, valid: false, errors: result.errors }, null, 2));
    else {
      const n = result.errors.length;
      ctx.io.err(
        [
          `${file} is invalid (${n} error${n === 1 ? '' : 's'}):`,
          ...result.errors.map((e) => `  ${e.path}: ${e.message}`),
          'docs/config.md explains every key.',
        ].join('\n'),
      );
    }
    return 2;
  }

  const notes = [
    ...(result.placeholders.length
      ? [`${result.placeholders.length} placeholder(s) still to fill in: ${result.placeholders.join(', ')}.`]
      : []),
    ...[staleSchemaNote(file)].filter((n) => n !== undefined),
  ];
  if (format === 'json') {
    ctx.io.out(
      JSON.stringify(
        { file, valid: true, placeholders: result.placeholders, notes, config: result.config },
        null,
        2,
      ),
    );
  } else {
    ctx.io.out(
      `# ${file} is valid. The effective config, every default filled in:\n${stringify(result.config)}`,
    );
  }
  for (const note of notes) ctx.io.err(`note: ${note}`);
  return 0;
}
