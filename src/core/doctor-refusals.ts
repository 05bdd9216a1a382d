import {
  awsPrincipal,
  azurePrincipal,
  type CheckOutcome,
  errorText,
  failed,
  namedPermission,
  networkFailure,
  unreachable,
} from './doctor.js';

/** What a probe called, so that a refusal of it can be turned into the fix. */
export interface ProbeCall {
  cloud: 'aws' | 'gcp' | 'azure';
  /** The permission the call needs, used when the cloud's refusal does not name one. */
  permission: string;
  /** A role that grants it (Google, Azure), named in the fix. */
  role?: string;
  /** Where it was sent: named when it cannot be reached. */
  endpoint: string;
  /** What it was about: an account, project, subscription or scope. */
  scope?: string;
}

const AWS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);
const AWS_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'CredentialsProviderError',
]);
// gRPC codes the Google clients use over REST too.
const GRPC_PERMISSION_DENIED = 7;
const GRPC_UNAUTHENTICATED = 16;

function shapeOf(e: unknown) {
  const x = (e ?? {}) as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    status?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  return {
    name: typeof x.name === 'string' ? x.name : '',
    code: x.code,
    status: x.$metadata?.httpStatusCode ?? (typeof x.statusCode === 'number' ? x.statusCode : undefined),
  };
}

/** A permission refusal, missing credentials, an unreachable endpoint: each with its fix. */
export function explainRefusal(e: unknown, call: ProbeCall): CheckOutcome {
  const net = networkFailure(e);
  if (net) return unreachable(call.endpoint, net);
  const text = errorText(e);
  const { name, code, status } = shapeOf(e);
  const on = call.scope ? ` on ${call.scope}` : '';
  if (call.cloud === 'aws') {
    if (AWS_DENIED.has(name) || code === 'AccessDenied') {
      const action = namedPermission(text) ?? call.permission;
      const who = awsPrincipal(text) ?? 'the credentials in use';
      return failed(text, `grant the IAM action ${action} to ${who}`);
    }
    if (AWS_CREDENTIALS.has(name))
      return failed(
        text,
        'give costguard valid AWS credentials: `aws sso login` / `aws configure`, AWS_PROFILE or the profile in the config',
      );
  }
  if (call.cloud === 'gcp') {
    if (status === 403 || code === 403 || code === GRPC_PERMISSION_DENIED) {
      const permission = namedPermission(text) ?? call.permission;
      const role = call.role ? ` (role ${call.role})` : '';
      return failed(text, `grant ${permission}${role}${on} to the account costguard runs as`);
    }
    if (status === 401 || code === 401 || code === GRPC_UNAUTHENTICATED || /default credentials/i.test(text))
      return failed(
        text,
        'log in: `gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS',
      );
  }
  if (call.cloud === 'azure') {
    if (code === 'AuthorizationFailed' || status === 403) {
      const action = namedPermission(text) ?? call.permission;
      const who = azurePrincipal(text) ?? 'the identity costguard runs as';
      const role = call.role ? ` (e.g. ${call.role})` : '';
      return failed(text, `assign ${who} a role with ${action}${role}${on}`);
    }
    if (
      status === 401 ||
      code === 'AuthenticationFailed' ||
      code === 'InvalidAuthenticationToken' ||
      name === 'CredentialUnavailableError' ||
      name === 'AggregateAuthenticationError'
    )
      return failed(
        text,
        'log in: `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET',
      );
  }
  return failed(text, `the ${call.endpoint} call failed for the reason above; fix it and run doctor again`);
}
