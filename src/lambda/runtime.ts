import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../config/load.js';
import type { CostguardConfig } from '../config/schema.js';
import { LambdaConfigError } from './errors.js';
import { type ParameterReader, parameterNames } from './secrets.js';

/** What serverless.yml sets for every function (names only; values of secrets never). */
export interface LambdaEnv {
  stage: string;
  tableName: string;
  /** `/costguard/<stage>`: where the config and the secrets are in SSM Parameter Store. */
  parameterPrefix: string;
  /** A config file bundled with the function, used instead of the SSM parameter when set. */
  configFile?: string;
  /** Name of the Slack worker function (the slack function hands slow commands to it). */
  slackWorker?: string;
  /** The stack's private bucket for the rollup's report page. */
  pagesBucket?: string;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  const need = (k: string) => {
    const v = env[k];
    if (!v)
      throw new LambdaConfigError(
        'ENV_MISSING',
        `environment variable ${k} is not set; deploy with serverless.yml.`,
      );
    return v;
  };
  return {
    stage: need('COSTGUARD_STAGE'),
    tableName: need('COSTGUARD_TABLE'),
    parameterPrefix: need('COSTGUARD_PARAMETER_PREFIX'),
    ...(env.COSTGUARD_CONFIG_FILE ? { configFile: env.COSTGUARD_CONFIG_FILE } : {}),
    ...(env.COSTGUARD_SLACK_WORKER ? { slackWorker: env.COSTGUARD_SLACK_WORKER } : {}),
    ...(env.COSTGUARD_PAGES_BUCKET ? { pagesBucket: env.COSTGUARD_PAGES_BUCKET } : {}),
  };
}

/** The config as YAML text: from the bundled file when configured, else the SSM parameter. */
export async function loadLambdaConfig(env: LambdaEnv, params: ParameterReader): Promise<CostguardConfig> {
  const name = env.configFile ?? parameterNames(env.parameterPrefix).config;
  let text: string;
  try {
    text = env.configFile ? readFileSync(env.configFile, 'utf8') : await params.get(name);
  } catch (cause) {
    if (cause instanceof LambdaConfigError) throw cause;
    throw new LambdaConfigError('CONFIG_UNREADABLE', `cannot read ${name}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new LambdaConfigError('CONFIG_INVALID', `${name} is not valid YAML: ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseConfig(raw, name);
}
