import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_EXEMPT_TAG,
  DEFAULT_KEEP_UNTIL_TAG,
  EXEMPT_VALUE,
  exclusions,
  NOT_EXEMPT_VALUES,
} from '../../src/core/idle/exclusions.js';
import { evaluate, type IamRequest, type IamStatement } from '../helpers/iam-eval.js';
import { vm } from '../unit/core/idle/helpers.js';

// The roles that hold the AWS fleet adapter's EC2 actions, read straight from serverless.yml (the
// template test checks the packaged template says the same as the grants in functions/*.ts).
const ROLES = ['IdleSweepRole', 'SlackWorkerRole'];
const yml = parse(readFileSync(join(import.meta.dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
  resources: {
    Resources: Record<
      string,
      { Properties: { Policies: { PolicyDocument: { Statement: IamStatement[] } }[] } }
    >;
  };
};
const statementsOf = (role: string) =>
  (yml.resources.Resources[role]?.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);

const EXEMPT = DEFAULT_EXEMPT_TAG;
const KEEP = DEFAULT_KEEP_UNTIL_TAG;
const UNTIL = '2026-11-24T07:00:00Z';
const createTags = (requestTags: Record<string, string>, resourceTags = {}): IamRequest => ({
  action: 'ec2:CreateTags',
  requestTags,
  resourceTags,
});
const stop = (resourceTags: Record<string, string>): IamRequest => ({
  action: 'ec2:StopInstances',
  resourceTags,
});

/** Does the idle guard's own check count the instance as exempt? */
const codeExempts = (tags: Record<string, string>) =>
  exclusions(
    vm({ tags: { owner: 'ana', ...tags } }),
    { exemptTag: EXEMPT, keepUntilTag: KEEP },
    new Date(0),
  ).includes('exempt');

// Values people write: the code counts every value but NOT_EXEMPT_VALUES (any case) as exempt.
const EXEMPTING = ['true', 'TRUE', 'True', 'yes', 'Yes', 'YES', '1', 'on', 'y', '', 'keep me'];
const NOT_EXEMPTING = [...NOT_EXEMPT_VALUES, 'FALSE', 'False', 'No', 'NO', 'OFF', 'Off'];
const SPELLINGS = [EXEMPT, 'costguard-exempt', 'costguard_exempt'];

describe.each(ROLES)('%s: the exempt tag is fenced in IAM', (role) => {
  const statements = statementsOf(role);
  const decide = (req: IamRequest) => evaluate(statements, req);

  it('has the fleet statements at all', () => {
    expect(statements.length).toBeGreaterThan(0);
    expect(decide({ action: 'ec2:DescribeInstances', resource: '*' })).toBe('allow');
  });

  it('lets the owner answers write their tags: keep-until, and the exempt tag as "true"', () => {
    expect(decide(createTags({ [KEEP]: UNTIL }))).toBe('allow');
    expect(decide(createTags({ [KEEP]: UNTIL }, { [EXEMPT]: 'true' }))).toBe('allow');
    expect(decide(createTags({ [EXEMPT]: EXEMPT_VALUE }))).toBe('allow');
    expect(decide(createTags({ [KEEP]: UNTIL, [EXEMPT]: EXEMPT_VALUE }))).toBe('allow');
  });

  it.each([...NOT_EXEMPTING, 'TRUE', 'yes', ''])('denies setting the exempt tag to %j', (value) => {
    expect(decide(createTags({ [EXEMPT]: value }, { [EXEMPT]: 'true' }))).toBe('deny');
    expect(decide(createTags({ [KEEP]: UNTIL, [EXEMPT]: value }))).toBe('deny');
  });

  it.each(['costguard-exempt', 'costguard_exempt', 'Costguard:Exempt', 'COSTGUARD:EXEMPT'])(
    'denies writing the exempt tag spelt %s',
    (key) => {
      expect(decide(createTags({ [key]: 'false' }))).not.toBe('allow');
      expect(decide(createTags({ [key]: 'false' }))).toBe('deny');
    },
  );

  it.each<Record<string, string>>([
    { owner: 'mallory' },
    { Name: 'renamed' },
    { 'aws:autoscaling:groupName': 'x' },
    { 'costguard:owner': 'x' },
    { [KEEP]: UNTIL, team: 'x' },
    {},
  ])('does not let it write any other tag: %j', (tags) => {
    expect(decide(createTags(tags))).not.toBe('allow');
  });

  it('never deletes tags (un-exempting by deletion included)', () => {
    expect(decide({ action: 'ec2:DeleteTags', requestTags: { [EXEMPT]: 'true' } })).toBe('deny');
    expect(decide({ action: 'ec2:DeleteTags', requestTags: { [KEEP]: UNTIL } })).not.toBe('allow');
    expect(decide({ action: 'ec2:DeleteTags' })).not.toBe('allow');
  });

  it('stops an instance without the exempt tag', () => {
    expect(decide(stop({ owner: 'ana' }))).toBe('allow');
    expect(decide(stop({ [KEEP]: 'whenever' }))).toBe('allow');
  });

  describe.each(SPELLINGS)('StopInstances with the exempt tag spelt %s', (key) => {
    it.each(EXEMPTING)('denies it when the value is %j, which the code counts as exempt', (value) => {
      expect(codeExempts({ [key]: value })).toBe(true);
      expect(decide(stop({ owner: 'ana', [key]: value }))).toBe('deny');
    });
    it.each(NOT_EXEMPTING)('allows it when the value is %j, which the code does not count', (value) => {
      expect(codeExempts({ [key]: value })).toBe(false);
      expect(decide(stop({ owner: 'ana', [key]: value }))).toBe('allow');
    });
  });
});

describe('the test evaluator follows IAM semantics', () => {
  const allow = (Condition: IamStatement['Condition']): IamStatement => ({
    Effect: 'Allow',
    Action: 'ec2:CreateTags',
    Resource: '*',
    Condition,
  });
  const tags = (requestTags?: Record<string, string>) => ({ action: 'ec2:CreateTags', requestTags });

  it('ForAllValues passes on an empty key set, ForAnyValue does not; Null tells them apart', () => {
    const all = allow({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } });
    expect(evaluate([all], tags({}))).toBe('allow');
    expect(evaluate([all], tags({ a: '1', b: '2' }))).toBe('implicit-deny');
    expect(evaluate([allow({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } })], tags({}))).toBe(
      'implicit-deny',
    );
    expect(evaluate([allow({ Null: { 'aws:TagKeys': 'false' } })], tags({}))).toBe('implicit-deny');
    expect(evaluate([allow({ Null: { 'aws:TagKeys': 'true' } })], tags())).toBe('allow');
  });

  it('a negated operator holds on a missing key, a positive one does not; an explicit Deny wins', () => {
    expect(evaluate([allow({ StringNotEquals: { 'aws:RequestTag/k': 'v' } })], tags({}))).toBe('allow');
    expect(evaluate([allow({ StringEqualsIgnoreCase: { 'aws:RequestTag/k': 'V' } })], tags({}))).toBe(
      'implicit-deny',
    );
    expect(evaluate([allow({ StringEqualsIgnoreCase: { 'aws:RequestTag/k': 'V' } })], tags({ k: 'v' }))).toBe(
      'allow',
    );
    const deny: IamStatement = { Effect: 'Deny', Action: 'ec2:*', Resource: '*' };
    expect(evaluate([allow(undefined), deny], tags({}))).toBe('deny');
    expect(() => evaluate([allow({ DateGreaterThan: { 'aws:RequestTag/k': 'x' } })], tags({}))).toThrow();
  });
});
