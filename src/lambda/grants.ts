import { DEFAULT_ATTRIBUTION } from '../core/attribution/types.js';
import type { PermissionSet } from '../core/billing-source.js';
import {
  DEFAULT_EXEMPT_TAG,
  DEFAULT_KEEP_UNTIL_TAG,
  EXEMPT_VALUE,
  NOT_EXEMPT_VALUES,
  tagKeySpellings,
} from '../core/idle/exclusions.js';
import type { GrantResource, IamGrant } from '../core/permissions.js';
import type { ParameterKey } from './secrets.js';

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

/**
 * The rollup's report page: PutObject into the private bucket, and GetObject, which the presigned link
 * needs (it is signed with this role's credentials and works only while the role may read the key).
 */
export const pageBucketGrant: IamGrant = {
  actions: ['s3:PutObject', 's3:GetObject'],
  resource: { kind: 'pageObjects' },
};

/** Every function writes its own log group, nothing else. */
export const logGrant = (fn: string): IamGrant => ({
  actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  resource: { kind: 'logGroup', name: fn },
});

/** The model and stage tag keys the Tag answer writes with the default attribution. */
const DEFAULT_NAME_TAGS = [
  DEFAULT_ATTRIBUTION.dimensions.model.tagKeys[0] ?? 'model',
  DEFAULT_ATTRIBUTION.dimensions.stage.tagKeys[0] ?? 'stage',
];

/**
 * A fleet adapter's EC2 actions, fenced around the exempt tag (the exemption must hold in IAM too,
 * whatever the code or config does):
 * - describe and metrics need `*` (DescribeInstances and GetMetricData have no resource-level
 *   permissions);
 * - CreateTags only on instances and only with the keep-until, exempt, model and stage keys (what the
 *   owner answers write, src/core/idle/answers.ts; Tag writes the first tag key of each attribution
 *   dimension). `ForAllValues` is true for an empty key set, hence the `Null` condition requiring
 *   `aws:TagKeys`;
 * - Deny writing the exempt tag (any spelling the code reads) with anything but `true`, so the role
 *   cannot un-exempt a machine and then stop it; Deny DeleteTags outright (the code never deletes tags);
 * - Deny StopInstances on instances whose exempt tag (any spelling) holds a value the code counts as
 *   exempt: present and not one of NOT_EXEMPT_VALUES, ignoring case, the same list `exclusions` uses.
 * The tag keys are the config defaults: a changed `idle.exemptTag` / `idle.keepUntilTag` (or model and
 * stage tag keys) is not reflected here (serverless.yml is static), see docs/deploy.md.
 */
export function fleetGrants(
  actions: readonly string[],
  tags: { exemptTag: string; keepUntilTag: string; nameTags: readonly string[] } = {
    exemptTag: DEFAULT_EXEMPT_TAG,
    keepUntilTag: DEFAULT_KEEP_UNTIL_TAG,
    nameTags: DEFAULT_NAME_TAGS,
  },
): IamGrant[] {
  const fenced = new Set(['ec2:StopInstances', 'ec2:CreateTags']);
  const rest = actions.filter((a) => !fenced.has(a));
  const exemptKeys = tagKeySpellings(tags.exemptTag);
  const out: IamGrant[] = rest.length ? [{ actions: rest, resource: { kind: 'any' } }] : [];
  if (actions.includes('ec2:CreateTags')) {
    out.push(
      {
        actions: ['ec2:CreateTags'],
        resource: { kind: 'ec2Instance' },
        condition: {
          'ForAllValues:StringEquals': {
            'aws:TagKeys': [tags.keepUntilTag, tags.exemptTag, ...tags.nameTags],
          },
          Null: { 'aws:TagKeys': 'false' },
        },
      },
      {
        effect: 'Deny',
        actions: ['ec2:CreateTags'],
        resource: { kind: 'any' },
        condition: {
          'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': exemptKeys },
          StringNotEquals: { [`aws:RequestTag/${tags.exemptTag}`]: EXEMPT_VALUE },
        },
      },
      { effect: 'Deny', actions: ['ec2:DeleteTags'], resource: { kind: 'any' } },
    );
  }
  if (actions.includes('ec2:StopInstances')) {
    out.push({ actions: ['ec2:StopInstances'], resource: { kind: 'ec2Instance' } });
    for (const key of exemptKeys) {
      out.push({
        effect: 'Deny',
        actions: ['ec2:StopInstances'],
        resource: { kind: 'any' },
        condition: {
          Null: { [`aws:ResourceTag/${key}`]: 'false' },
          StringNotEqualsIgnoreCase: { [`aws:ResourceTag/${key}`]: NOT_EXEMPT_VALUES },
        },
      });
    }
  }
  return out;
}

export interface StackNames {
  service: string;
  stage: string;
  /** `/costguard/<stage>` */
  parameterPrefix: string;
  tableLogicalId: string;
  /** The private bucket of the rollup's report pages. */
  pagesLogicalId: string;
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
      return arn('ssm', `parameter${n.parameterPrefix}/${PARAMETER_PATHS[r.key as ParameterKey]}`);
    case 'function':
      return { 'Fn::GetAtt': [logicalId(r.name), 'Arn'] };
    case 'logGroup':
      return arn('logs', `log-group:/aws/lambda/${n.service}-${n.stage}-${r.name}:*`);
    case 'ec2Instance':
      return arn('ec2', 'instance/*');
    case 'pageObjects':
      return { 'Fn::Sub': `\${${n.pagesLogicalId}.Arn}/*` };
  }
}

/** One comparable string per (effect, action, resource, condition): the unit the IAM test compares. */
export function grantKeys(grants: readonly IamGrant[], n: StackNames): Set<string> {
  const out = new Set<string>();
  for (const g of grants) {
    for (const a of g.actions) {
      out.add(JSON.stringify([g.effect ?? 'Allow', a, renderResource(g.resource, n), g.condition ?? null]));
    }
  }
  return out;
}
