import { describe, expect, it } from 'vitest';
import { namedPermission, networkFailure } from '../../../src/core/doctor.js';
import { explainRefusal } from '../../../src/core/doctor-refusals.js';

describe('namedPermission reads the permission out of each cloud refusal', () => {
  it.each([
    [
      'User: arn:aws:iam::1:user/a is not authorized to perform: ce:GetCostAndUsage on resource: arn:aws:ce:us-east-1:1:/GetCostAndUsage',
      'ce:GetCostAndUsage',
    ],
    [
      'You are not authorized to perform this operation. User: arn:aws:iam::1:role/r is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action',
      'ec2:DescribeInstances',
    ],
    [
      'User: ### is not authorized to perform: (sts:DecodeAuthorizationMessage) action',
      'sts:DecodeAuthorizationMessage',
    ],
    [
      'Access Denied: Project p: User does not have bigquery.jobs.create permission in project p.',
      'bigquery.jobs.create',
    ],
    [
      "Permission 'monitoring.timeSeries.list' denied on resource (or it may not exist).",
      'monitoring.timeSeries.list',
    ],
    ["Required 'compute.instances.list' permission for 'projects/p'", 'compute.instances.list'],
    [
      "The client 'c' with object id 'o' does not have authorization to perform action 'Microsoft.CostManagement/query/action' over scope '/subscriptions/s' or the scope is invalid.",
      'Microsoft.CostManagement/query/action',
    ],
  ])('%s', (message, permission) => {
    expect(namedPermission(message)).toBe(permission);
  });

  it('is undefined when the message names none (the probe falls back to the call it made)', () => {
    expect(namedPermission('The security token included in the request is expired')).toBeUndefined();
  });
});

describe('networkFailure finds the network error under any SDK wrapping', () => {
  it('on the error, in its cause (fetch), in `original` (Slack) or only in the message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(networkFailure(refused)).toBe('ECONNREFUSED');
    expect(networkFailure(new TypeError('fetch failed', { cause: refused }))).toBe('ECONNREFUSED');
    expect(networkFailure(Object.assign(new Error('request error'), { original: refused }))).toBe(
      'ECONNREFUSED',
    );
    expect(networkFailure(new Error('getaddrinfo ENOTFOUND bigquery.example'))).toBe('ENOTFOUND');
    expect(networkFailure(new Error('Access Denied'))).toBeUndefined();
  });
});

describe('explainRefusal', () => {
  const aws = { cloud: 'aws' as const, permission: 'ce:GetDimensionValues', endpoint: 'https://ce' };
  it('AWS credentials that are not valid: the fix is to log in, not a grant', () => {
    const e = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'UnrecognizedClientException',
    });
    expect(explainRefusal(e, aws)).toMatchObject({
      ok: false,
      fix: expect.stringMatching(/valid AWS credentials/),
    });
  });
  it('AWS AccessDenied without a named action falls back to the action the probe called', () => {
    const e = Object.assign(new Error('Access denied'), { name: 'AccessDeniedException' });
    expect(explainRefusal(e, aws)).toMatchObject({
      fix: 'grant the IAM action ce:GetDimensionValues to the credentials in use',
    });
  });
  it('Google 401 asks for a login', () => {
    const e = Object.assign(new Error('Request had invalid authentication credentials.'), { code: 401 });
    expect(explainRefusal(e, { cloud: 'gcp', permission: 'x.y.z', endpoint: 'e' })).toMatchObject({
      fix: expect.stringMatching(/gcloud auth application-default login/),
    });
  });
});
