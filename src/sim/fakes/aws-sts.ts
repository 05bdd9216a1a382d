import type { Handler } from '../local-server.js';
import { sendXml, signedAccessKey, xmlEscape } from './aws-wire.js';
import { type FleetWorld, serve } from './fleet-world.js';

/**
 * STS AssumeRole over the query protocol, for profiles with `role_arn` (the SDK's credential chain
 * calls it; point it here with AWS_ENDPOINT_URL_STS). The temporary key id names the role's account,
 * ASIA<account>, so other fakes can tell whose credentials signed a request.
 */
export function awsStsFake(world: FleetWorld): Handler {
  return (req, body, res) => {
    const params = new URLSearchParams(body.toString());
    const action = params.get('Action') ?? '';
    const roleArn = params.get('RoleArn') ?? '';
    serve(world, 'sts', action, roleArn);
    const call = world.calls[world.calls.length - 1];
    const signer = signedAccessKey(req);
    if (call && signer) call.accessKeyId = signer;
    const account = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    if (action !== 'AssumeRole' || !account) {
      sendXml(
        res,
        400,
        `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>${xmlEscape(`bad request ${action} ${roleArn}`)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      );
      return;
    }
    const session = xmlEscape(params.get('RoleSessionName') ?? 'session');
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
        `<AssumedRoleUser><Arn>arn:aws:sts::${account[1]}:assumed-role/${xmlEscape(account[2] ?? '')}/${session}</Arn>` +
        `<AssumedRoleId>AROAFAKE:${session}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>ASIA${account[1]}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>` +
        `<SessionToken>fake-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  };
}
