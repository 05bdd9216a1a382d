import type { PermissionSet } from '../core/billing-source.js';
import type { ParameterKey } from './secrets.js';

/** What an IAM statement applies to, named by the part of the stack it is (rendered per stage). */
export type GrantResource =
  | { kind: 'any' }
  | { kind: 'table' }
  | { kind: 'tableIndex' }
  | { kind: 'parameter'; key: ParameterKey }
  | { kind: 'function'; name: string }
  | { kind: 'logGroup'; name: string }
  | { kind: 'ec2Instance' };

/** An IAM permission an adapter needs: actions on a resource, optionally under a condition. */
export interface IamGrant {
  actions: readonly string[];
  resource: GrantResource;
  condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A billing source's AWS permissions: Cost Explorer and the tagging API have no resource-level ARNs. */
export function awsPermissionGrants(p: PermissionSet): IamGrant[] {
  return p.cloud === 'aws' ? [{ actions: p.actions, resource: { kind: 'any' } }] : [];
}

/** Reading SSM parameters (SecureString through the AWS-managed key needs no kms grant). */
export const parameterGrant = (key: ParameterKey): IamGrant => ({
  actions: ['ssm:GetParameter'],
  resource: { kind: 'parameter', key },
});

/** Invoking another function of the stack (the Slack hand-off, a Lambda Destination). */
export const invokeGrant = (fn: string): IamGrant => ({
  actions: ['lambda:InvokeFunction'],
  resource: { kind: 'function', name: fn },
});

/** Every function writes its own log group, nothing else. */
export const logGrant = (fn: string): IamGrant => ({
  actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  resource: { kind: 'logGroup', name: fn },
});

/**
 * A fleet adapter's EC2 actions: describe, tag and metrics need `*` (DescribeInstances and
 * GetMetricData have no resource-level permissions), and stopping is denied on instances that carry
 * the exempt tag: the exemption holds in IAM too, whatever the code or config does. StringNotEquals is
 * true when the instance has no such tag, so untagged machines can still be stopped.
 */
export function fleetGrants(actions: readonly string[], exemptTag = 'costguard:exempt'): IamGrant[] {
  const stop = actions.filter((a) => a === 'ec2:StopInstances');
  const rest = actions.filter((a) => a !== 'ec2:StopInstances');
  return [
    ...(rest.length ? [{ actions: rest, resource: { kind: 'any' } } as IamGrant] : []),
    ...(stop.length
      ? [
          {
            actions: stop,
            resource: { kind: 'ec2Instance' },
            condition: { StringNotEquals: { [`aws:ResourceTag/${exemptTag}`]: 'true' } },
          } as IamGrant,
        ]
      : []),
  ];
}

export interface StackNames {
  service: string;
  stage: string;
  /** `/costguard/<stage>` */
  parameterPrefix: string;
  tableLogicalId: string;
}

type Cfn = string | Record<string, unknown>;
/** arn:<partition>:<service>:<region>:<account>:<suffix>, the way serverless.yml writes it. */
const arn = (service: string, suffix: string) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${suffix}`,
});
const logicalId = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;
const PARAMETER_PATHS: Record<ParameterKey, string> = {
  config: 'config',
  slackBotToken: 'slack/bot-token',
  slackSigningSecret: 'slack/signing-secret',
  gcpServiceAccountKey: 'gcp/service-account-key',
  azureClientSecret: 'azure/client-secret',
};

/** The resource as CloudFormation writes it (what serverless.yml must say). */
export function renderResource(r: GrantResource, n: StackNames): Cfn {
  const table = { 'Fn::GetAtt': [n.tableLogicalId, 'Arn'] };
  switch (r.kind) {
    case 'any':
      return '*';
    case 'table':
      return table;
    case 'tableIndex':
      return { 'Fn::Sub': `\${${n.tableLogicalId}.Arn}/index/*` };
    case 'parameter':
      return arn('ssm', `parameter${n.parameterPrefix}/${PARAMETER_PATHS[r.key]}`);
    case 'function':
      return { 'Fn::GetAtt': [logicalId(r.name), 'Arn'] };
    case 'logGroup':
      return arn('logs', `log-group:/aws/lambda/${n.service}-${n.stage}-${r.name}:*`);
    case 'ec2Instance':
      return arn('ec2', 'instance/*');
  }
}

/** One comparable string per (action, resource, condition): the unit the IAM test compares. */
export function grantKeys(grants: readonly IamGrant[], n: StackNames): Set<string> {
  const out = new Set<string>();
  for (const g of grants) {
    for (const a of g.actions) {
      out.add(JSON.stringify([a, renderResource(g.resource, n), g.condition ?? null]));
    }
  }
  return out;
}
