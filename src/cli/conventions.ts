import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Help, InvalidArgumentError, Option } from 'commander';
import { type CostguardError, InvalidInputError } from '../core/errors.js';
import { CLOUD_IDS, type CloudId, isCloudId } from '../core/providers.js';
import type { Io } from './output.js';
import { projectRoot } from './project-root.js';

// The conventions every costguard command follows, in one place so that a new command gets them by
// using these builders: the output format and its terminal rule, the cloud choice (--source), renamed
// flags that keep working with a warning, and the exit codes.

/** 0 success, 1 the work failed, 2 the command line or the config is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Error codes that mean "fix the command line or the config", not "the work failed". */
const USAGE_CODES: ReadonlySet<string> = new Set(['INVALID_INPUT', 'CONFIG_INVALID', 'SLACK_CONFIG']);

export function exitCodeOf(e: CostguardError): number {
  return USAGE_CODES.has(e.code) ? EXIT.usage : EXIT.failed;
}

/** Shown after every command's --help (commander's 'afterAll'). */
export const CONVENTIONS_HELP = `
Output: a table on a terminal, JSON when piped; --format chooses (table | json, csv where rows make sense).

Exit codes:
  0  success
  1  the work failed (a cloud, the store or Slack refused; a sweep or a run did not complete)
  2  usage or config error (unknown flag, bad value, a config section the command needs is missing)`;

/** The package version, read from package.json (the CLI runs from the sources or from dist/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Help settings: required options say "(required)" (commander lists them like any other option). */
export const helpSettings: Partial<Help> = {
  optionDescription(this: Help, option: Option): string {
    const text = Help.prototype.optionDescription.call(this, option);
    return option.mandatory ? `${text} (required)` : text;
  },
};

export interface FormatSpec<F extends string> {
  /** Accepted values, in the order help lists them. */
  formats: readonly F[];
  /** Old names still accepted: `text` -> `table` for rollup. */
  aliases?: Readonly<Record<string, F>>;
}

/** Validates a --format value (case-insensitive, aliases applied); the message lists the choices. */
export function normaliseFormat<F extends string>(spec: FormatSpec<F>, value: string): F {
  const v = value.trim().toLowerCase();
  const f = (spec.aliases?.[v] ?? v) as F;
  if (!spec.formats.includes(f))
    throw new InvalidInputError(`--format must be ${orList(spec.formats)}; got "${value}".`);
  return f;
}

/**
 * The format a command writes: the one given, else a table on a terminal and JSON when piped. Commands
 * call it too (they are called directly by `run` and the demo, without the flag parser).
 */
export function outputFormat<F extends string>(io: Io, spec: FormatSpec<F>, given: string | undefined): F {
  return normaliseFormat(spec, given ?? (io.isTty ? 'table' : 'json'));
}

/** `--format <format>` with the choices and the terminal rule in its help; a bad value exits 2. */
export function formatOption<F extends string>(spec: FormatSpec<F>, note = ''): Option {
  return new Option(
    '--format <format>',
    `output: ${spec.formats.join(' | ')} (default: table on a terminal, json when piped)${note}`,
  ).argParser((v: string) => {
    try {
      return normaliseFormat(spec, v);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  });
}

const orList = (xs: readonly string[]) =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;

/** `--source <names>`: the clouds a command works on. */
export function sourceOption(what: string, extra = ''): Option {
  return new Option(
    '--source <names>',
    `comma-separated: ${[...CLOUD_IDS, extra].filter(Boolean).join(',')} (default: ${what})`,
  );
}

/** Parses a --source list: known clouds, at least one, duplicates dropped. */
export function parseClouds(value: string | undefined, flag = '--source'): CloudId[] | undefined {
  if (value === undefined) return undefined;
  const list = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (list.length === 0 || !list.every(isCloudId))
    throw new InvalidInputError(
      `${flag} takes a comma-separated list of ${CLOUD_IDS.join(', ')}; got "${value}".`,
    );
  return list as CloudId[];
}

const RENAMED = new WeakMap<Option, string>();

/** A flag's old spelling: hidden from help, still accepted, with a warning naming the new one. */
export function oldSpelling(flags: string, now: string): Option {
  const o = new Option(flags, `old spelling of ${now}`).hideHelp();
  RENAMED.set(o, now);
  return o;
}

/**
 * A preAction hook: each old spelling given on the command line warns on stderr and fills its new
 * flag (the new flag wins when both are given), so the command only ever reads the new name.
 */
export function applyOldSpellings(cmd: Command, io: Io): void {
  for (const o of cmd.options) {
    const now = RENAMED.get(o);
    const key = o.attributeName();
    if (!now || cmd.getOptionValueSource(key) !== 'cli') continue;
    io.err(`costguard: warning: ${o.long} is renamed ${now}; the old spelling will be removed.`);
    const target = cmd.options.find((x) => x.long === now)?.attributeName();
    if (target && cmd.getOptionValue(target) === undefined)
      cmd.setOptionValueWithSource(target, cmd.getOptionValue(key), 'cli');
  }
}

/** Commander's errors: shown help and version exit 0, every parse error is a usage error. */
export function commanderExit(exitCode: number): number {
  return exitCode === 0 ? EXIT.ok : EXIT.usage;
}
