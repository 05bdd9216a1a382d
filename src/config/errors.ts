import { CostguardError } from '../core/errors.js';

/** One problem in a config file: the dotted path of the field ('(top level)', '(yaml)') and what is wrong. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** costguard.config.yaml is missing, unreadable or invalid. The message names the file and field. */
export class ConfigError extends CostguardError {
  /** Every problem found, for `costguard config check --format json`; empty when the file is unreadable. */
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, options?: { cause?: unknown; issues?: readonly ConfigIssue[] }) {
    super('CONFIG_INVALID', message, options);
    this.issues = options?.issues ?? [];
  }
}
