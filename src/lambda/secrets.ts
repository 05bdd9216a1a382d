import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { LambdaConfigError } from './errors.js';

/**
 * Secrets and the config live in SSM Parameter Store (SecureString) under `/costguard/<stage>/`;
 * a Secrets Manager secret is read through the same call with the name
 * `/aws/reference/secretsmanager/<secret>`. The template carries parameter NAMES only, never values.
 */
export interface ParameterReader {
  get(name: string): Promise<string>;
}

/**
 * How long a warm container keeps a parameter: a rotated Slack secret or an edited config reaches
 * every container within this time without a deploy, and a busy function still reads each
 * parameter only a few times an hour.
 */
export const PARAMETER_MAX_AGE_SECONDS = 15 * 60;

/**
 * Powertools for AWS Lambda's SSM provider (decrypted, cached for `maxAgeSeconds`; a failed read is
 * not cached) on the given client, so tests point it at a local SSM endpoint. Concurrent first reads
 * of one name share one request: Powertools caches a value only once it has arrived.
 */
export function cachedParameters(ssm: SSMClient, maxAgeSeconds = PARAMETER_MAX_AGE_SECONDS): ParameterReader {
  const provider = new SSMProvider({ awsSdkV3Client: ssm });
  const inFlight = new Map<string, Promise<string>>();
  const read = async (name: string) => {
    let value: string | undefined;
    try {
      value = await provider.get(name, { decrypt: true, maxAge: maxAgeSeconds });
    } catch (cause) {
      throw new LambdaConfigError(
        'PARAMETER_UNREADABLE',
        `cannot read SSM parameter ${name}: ${(cause as Error).message}. Create it (docs/deploy.md) and check the function's role.`,
        { cause },
      );
    }
    if (value === undefined)
      throw new LambdaConfigError('PARAMETER_EMPTY', `SSM parameter ${name} has no value.`);
    return value;
  };
  return {
    get(name) {
      let p = inFlight.get(name);
      if (!p) {
        p = read(name).finally(() => inFlight.delete(name));
        inFlight.set(name, p);
      }
      return p;
    },
  };
}

/** The parameter names of one stage; each function's role may read only the ones it uses. */
export const parameterNames = (prefix: string) => ({
  config: `${prefix}/config`,
  slackBotToken: `${prefix}/slack/bot-token`,
  slackSigningSecret: `${prefix}/slack/signing-secret`,
  gcpServiceAccountKey: `${prefix}/gcp/service-account-key`,
  azureClientSecret: `${prefix}/azure/client-secret`,
});
export type ParameterKey = keyof ReturnType<typeof parameterNames>;
