import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Runs `npx serverless package` as CI does: no cloud credentials (dummy ones, which osls never uses
 * for packaging) and no profile. Returns the compiled CloudFormation template.
 */
export async function packageService(stage = 'dev', args: readonly string[] = []): Promise<CfnTemplate> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'packaging-only',
    AWS_SECRET_ACCESS_KEY: 'packaging-only',
  };
  delete env.AWS_PROFILE;
  await promisify(execFile)('npx', ['serverless', 'package', '--stage', stage, ...args], {
    cwd: ROOT,
    env,
    timeout: 240_000,
  });
  return JSON.parse(
    readFileSync(join(ROOT, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8'),
  );
}

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown> & { [k: string]: unknown };
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}
