import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { type CostguardConfig, configSchema } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'costguard.config.yaml';

function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((i) => {
    const at = i.path.length ? i.path.map(String).join('.') : '(top level)';
    return `  ${at}: ${i.message}`;
  });
  return `${file} is invalid:\n${lines.join('\n')}`;
}

/** Validates a parsed config object; `origin` names it in errors. */
export function parseConfig(raw: unknown, origin = 'config'): CostguardConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(describeIssues(origin, result.error.issues));
  return result.data;
}

/**
 * Loads the config: `path` if given (it must exist), else ./costguard.config.yaml if present, else
 * the defaults.
 */
export function loadConfig(path?: string): CostguardConfig {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file) return parseConfig({}, 'defaults');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`, { cause });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${file} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(raw, file);
}
