// IAM permissions as data: each adapter and function declares what it calls, and the deployment
// (serverless.yml, checked by test/deploy) grants exactly that. Kept in core so adapters (the stores)
// declare theirs without importing the Lambda runtime.

/** What an IAM statement applies to, named by the part of the stack it is (rendered per stage). */
export type GrantResource =
  | { kind: 'any' }
  | { kind: 'table' }
  | { kind: 'tableIndex' }
  /** An SSM parameter of the stack, by its key in src/lambda/secrets.ts. */
  | { kind: 'parameter'; key: string }
  | { kind: 'function'; name: string }
  | { kind: 'logGroup'; name: string }
  | { kind: 'ec2Instance' }
  /** The objects of the stack's private report-page bucket. */
  | { kind: 'pageObjects' };

/** IAM condition operators -> condition keys -> value(s), as the policy document writes them. */
export type IamCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * An IAM permission an adapter needs: actions on a resource, optionally under a condition. `Deny`
 * statements fence what an Allow would otherwise let through (an explicit Deny always wins).
 */
export interface IamGrant {
  effect?: 'Deny';
  actions: readonly string[];
  resource: GrantResource;
  condition?: IamCondition;
}
