import { CostguardError } from '../core/errors.js';

/** Base of the Slack bot's errors: a stable `code` and the original `cause`. */
export class SlackError extends CostguardError {}

/** The text after `/cost` does not parse; the message says what to type instead. */
export class CostCommandError extends SlackError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('COST_COMMAND', message, options);
  }
}

/** A message broke Block Kit limits: a builder bug, caught before Slack rejects it. */
export class BlockLimitError extends SlackError {
  constructor(violations: readonly string[], options?: { cause?: unknown }) {
    super('BLOCK_LIMITS', `message breaks Block Kit limits: ${violations.join('; ')}`, options);
  }
}

/** The Slack config is missing something a runtime needs (a token, the channel). */
export class SlackConfigError extends SlackError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SLACK_CONFIG', message, options);
  }
}
