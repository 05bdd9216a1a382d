/**
 * A small IAM policy evaluator, enough to test the roles in serverless.yml by behaviour: an explicit
 * Deny wins, otherwise a matching Allow is needed. Supports the condition operators the roles use
 * (String[Not]Equals[IgnoreCase], Null, and the ForAllValues:/ForAnyValue: set prefixes) and throws on
 * any other, so a new operator cannot pass untested. Semantics follow the IAM reference: a missing key
 * makes a positive operator false and a negated one true; ForAllValues is true on an empty set,
 * ForAnyValue false.
 */

export interface IamStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamRequest {
  action: string;
  /** Instance ARN; `arn:aws:ec2:us-east-1:111122223333:instance/i-1` unless set. */
  resource?: string;
  /** The tags in a CreateTags / DeleteTags request (aws:RequestTag/*, aws:TagKeys). */
  requestTags?: Record<string, string>;
  /** The tags already on the resource (aws:ResourceTag/*). */
  resourceTags?: Record<string, string>;
}

export type IamDecision = 'allow' | 'deny' | 'implicit-deny';

const ACCOUNT = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '111122223333' };
const INSTANCE = 'arn:aws:ec2:us-east-1:111122223333:instance/i-1';

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');

function resourceArn(r: unknown): string | undefined {
  if (typeof r === 'string') return r;
  const sub = (r as { 'Fn::Sub'?: unknown })?.['Fn::Sub'];
  if (typeof sub !== 'string') return undefined; // Fn::GetAtt etc.: not an EC2 instance
  return sub.replace(
    /\$\{([^}]+)\}/g,
    (_, name: string) => ACCOUNT[name as keyof typeof ACCOUNT] ?? `\${${name}}`,
  );
}

/** Context values for a key; undefined when the request has no such key. */
function contextValues(key: string, req: IamRequest): string[] | undefined {
  const [prefix, tagKey] = key.split(/\/(.*)/s) as [string, string | undefined];
  const p = prefix.toLowerCase();
  if (p === 'aws:tagkeys') {
    const keys = Object.keys(req.requestTags ?? {});
    return req.requestTags && keys.length ? keys : undefined;
  }
  // Tag keys inside condition keys are compared literally (EC2 tag keys are case-sensitive).
  const tags = p === 'aws:requesttag' ? req.requestTags : p === 'aws:resourcetag' ? req.resourceTags : null;
  if (tags === null || tagKey === undefined) throw new Error(`iam-eval: unsupported condition key ${key}`);
  const v = tags?.[tagKey];
  return v === undefined ? undefined : [v];
}

function stringOp(op: string): { eq: (a: string, b: string) => boolean; negated: boolean } {
  const m = /^String(Not)?Equals(IgnoreCase)?$/.exec(op);
  if (!m) throw new Error(`iam-eval: unsupported condition operator ${op}`);
  const ignoreCase = m[2] !== undefined;
  return {
    eq: (a, b) => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b),
    negated: m[1] !== undefined,
  };
}

function conditionHolds(opName: string, key: string, wanted: string[], req: IamRequest): boolean {
  const values = contextValues(key, req);
  const [setOp, op] = opName.includes(':') ? (opName.split(':') as [string, string]) : [undefined, opName];
  if (op === 'Null') {
    if (setOp) throw new Error(`iam-eval: unsupported ${opName}`);
    return (values === undefined) === (wanted[0] === 'true');
  }
  const { eq, negated } = stringOp(op);
  const matchesAny = (v: string) => wanted.some((w) => eq(v, w));
  if (setOp === 'ForAllValues')
    return (values ?? []).every((v) => (negated ? !matchesAny(v) : matchesAny(v)));
  if (setOp === 'ForAnyValue') return (values ?? []).some((v) => (negated ? !matchesAny(v) : matchesAny(v)));
  if (setOp) throw new Error(`iam-eval: unsupported set operator ${setOp}`);
  if (values === undefined) return negated;
  const v = values[0] as string;
  return negated ? !matchesAny(v) : matchesAny(v);
}

function statementApplies(s: IamStatement, req: IamRequest): boolean {
  const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
  if (!actions.some((a) => glob(a).test(req.action))) return false;
  const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
  const arn = req.resource ?? INSTANCE;
  if (!resources.some((r) => glob(resourceArn(r) ?? '\0').test(arn))) return false;
  for (const [op, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, want] of Object.entries(keys)) {
      if (!conditionHolds(op, key, Array.isArray(want) ? want : [want], req)) return false;
    }
  }
  return true;
}

export function evaluate(statements: readonly IamStatement[], req: IamRequest): IamDecision {
  const applying = statements.filter((s) => statementApplies(s, req));
  if (applying.some((s) => s.Effect === 'Deny')) return 'deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}
