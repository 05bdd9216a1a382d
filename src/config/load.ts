import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.js';
import { type CostguardConfig, configSchema } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'costguard.config.yaml';

function issuesOf(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(top level)',
    message: i.message,
  }));
}

function describeIssues(file: string, issues: readonly ConfigIssue[]): string {
  return `${file} is invalid:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`;
}

/** Validates a parsed config object; `origin` names it in errors. */
export function parseConfig(raw: unknown, origin = 'config'): CostguardConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = issuesOf(result.error.issues);
    throw new ConfigError(describeIssues(origin, issues), { issues });
  }
  return result.data;
}

/** Reads and validates one config file (it must exist). */
export function loadConfigFile(file: string): CostguardConfig {
  return parseConfig(readConfigFile(file), file);
}

/** One config file as parsed YAML, not yet validated (`config check` also looks for placeholders in it). */
export function readConfigFile(file: string): unknown {
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
    const message = (cause as Error).message;
    throw new ConfigError(`${file} is not valid YAML: ${message}`, {
      cause,
      issues: [{ path: '(yaml)', message }],
    });
  }
  return raw;
}

/**
 * Loads the config: `path` if given (it must exist), else ./costguard.config.yaml if present, else
 * the defaults.
 */
export function loadConfig(path?: string): CostguardConfig {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file) return parseConfig({}, 'defaults');
  return loadConfigFile(file);
}
