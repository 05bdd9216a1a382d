import type { SecretRef } from '../config/slack-schema.js';
import { SlackConfigError, SlackError } from './errors.js';

/**
 * Reads a secret named in config: `{ env: NAME }` from the environment, `{ ssm: /path }` from SSM
 * Parameter Store (decrypted). The value is returned, never logged; errors name only the reference.
 */
export async function resolveSecret(
  ref: SecretRef,
  what: string,
  env: Readonly<Record<string, string | undefined>>,
  ssmGet?: (name: string) => Promise<string | undefined>,
): Promise<string> {
  let value: string | undefined;
  if ('env' in ref) value = env[ref.env];
  else {
    const get = ssmGet ?? defaultSsmGet;
    try {
      value = await get(ref.ssm);
    } catch (cause) {
      // The config is fine, the read failed (network, permissions): not a config error.
      throw new SlackError(
        'SECRET_UNREADABLE',
        `cannot read the ${what} from SSM parameter ${ref.ssm}: ${(cause as Error).name}`,
        {
          cause,
        },
      );
    }
  }
  if (!value)
    throw new SlackConfigError(
      `the ${what} is not set: ${'env' in ref ? `export ${ref.env}` : `create SSM parameter ${ref.ssm}`} (slack section of the config).`,
    );
  return value;
}

async function defaultSsmGet(name: string): Promise<string | undefined> {
  // Loaded only when a config names SSM: the CLI does not pay for the SDK otherwise.
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const out = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  return out.Parameter?.Value;
}
