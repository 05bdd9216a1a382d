import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';

/**
 * The functions' logging port: structured JSON lines (CloudWatch Logs Insights parses them). Tests pass
 * a logger that keeps the lines. Never pass secrets in `fields`.
 */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * Powertools for AWS Lambda's logger, one service per function (`costguard-<fn>`): it writes the JSON,
 * turns bigints into strings and Errors into name/message/stack, and takes its level from
 * POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL. Wrapped in arrow functions because callers pick a level
 * as a value (`(failed ? log.error : log.info)(...)`), which would lose Powertools' `this`.
 * Powertools drops fields named level, message, sampling_rate, service or timestamp (it warns): use
 * other names.
 */
export function lambdaLogger(fn: string): Logger {
  const log = new PowertoolsLogger({ serviceName: `costguard-${fn}` });
  return {
    info: (message, fields) => log.info(message, { ...fields }),
    warn: (message, fields) => log.warn(message, { ...fields }),
    error: (message, fields) => log.error(message, { ...fields }),
  };
}
