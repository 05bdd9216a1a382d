import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
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
 * Reads each parameter once per cold start and keeps the promise: concurrent first calls share one
 * request, and later invocations of the same container cost nothing. A failed read is not cached.
 */
export function cachedParameters(ssm: SSMClient): ParameterReader {
  const cache = new Map<string, Promise<string>>();
  return {
    get(name) {
      let p = cache.get(name);
      if (!p) {
        p = ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })).then((r) => {
          const v = r.Parameter?.Value;
          if (v === undefined)
            throw new LambdaConfigError('PARAMETER_EMPTY', `SSM parameter ${name} has no value.`);
          return v;
        });
        p.catch(() => cache.delete(name));
        cache.set(name, p);
      }
      return p.catch((cause) => {
        if (cause instanceof LambdaConfigError) throw cause;
        throw new LambdaConfigError(
          'PARAMETER_UNREADABLE',
          `cannot read SSM parameter ${name}: ${(cause as Error).message}. Create it (docs/deploy.md) and check the function's role.`,
          { cause },
        );
      });
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
