import { CostguardError } from '../core/errors.js';

/** costguard.config.yaml is missing, unreadable or invalid. The message names the file and field. */
export class ConfigError extends CostguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}
