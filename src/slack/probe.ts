import { webApi } from '@slack/bolt';
import type { CostguardConfig } from '../config/schema.js';
import {
  type CheckOutcome,
  type DoctorCheck,
  errorText,
  failed,
  networkFailure,
  passed,
  unreachable,
} from '../core/doctor.js';
import { CLOUD_IDS } from '../core/providers.js';
import { resolveSecret } from './secrets.js';

/**
 * The bot token scopes costguard's Slack features need, one row per Web API use in src/slack (keep
 * in step with the calls and with slack-manifest.yml). `when` says whether the config enables it.
 */
export const SLACK_SCOPES: readonly {
  scope: string;
  why: string;
  when: (c: CostguardConfig) => boolean;
}[] = [
  {
    scope: 'chat:write',
    why: 'the rollup, alerts and idle warnings (chat.postMessage, chat.update)',
    when: () => true,
  },
  { scope: 'commands', why: 'the /cost slash command', when: () => true },
  {
    scope: 'files:write',
    why: 'the rollup chart (files.uploadV2)',
    when: (c) => c.slack?.rollup.chart === true,
  },
  {
    scope: 'users:read',
    why: 'with users:read.email, which Slack grants only together with it',
    when: (c) => CLOUD_IDS.some((p) => c.idle[p] !== undefined),
  },
  {
    scope: 'users:read.email',
    why: 'finding an instance owner by email (users.lookupByEmail)',
    when: (c) => CLOUD_IDS.some((p) => c.idle[p] !== undefined),
  },
];

const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

/**
 * doctor's Slack check: auth.test with the configured bot token (which answers who the token is and,
 * in its x-oauth-scopes header, what it may do), then the scopes against SLACK_SCOPES.
 */
export function slackChecks(
  config: CostguardConfig,
  env: Readonly<Record<string, string | undefined>>,
): DoctorCheck[] {
  const s = config.slack;
  if (!s) return [];
  const endpoint = s.apiUrl ?? 'https://slack.com/api/';
  const ref =
    'env' in s.botToken ? `environment variable ${s.botToken.env}` : `SSM parameter ${s.botToken.ssm}`;
  const needed = SLACK_SCOPES.filter((x) => x.when(config));
  return [
    {
      name: 'slack',
      group: 'slack',
      endpoint,
      async run({ timeoutMs }) {
        let token: string;
        try {
          token = await resolveSecret(s.botToken, 'Slack bot token', env);
        } catch (e) {
          return failed(errorText(e), `put the bot token (xoxb-...) in ${ref}`);
        }
        const client = new webApi.WebClient(token, {
          ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}),
          retryConfig: { retries: 0 },
          timeout: timeoutMs,
          // The check reports the failure itself; the client's own warning would say it twice.
          logLevel: webApi.LogLevel.ERROR,
        });
        let res: webApi.AuthTestResponse;
        try {
          res = await client.auth.test();
        } catch (e) {
          return slackRefusal(e, endpoint, ref);
        }
        const who = `bot ${res.user ?? res.user_id ?? '?'} in ${res.team ?? res.team_id ?? '?'}`;
        const scopes = res.response_metadata?.scopes;
        if (!scopes)
          return passed(
            `auth.test: ${who}; Slack sent no scope list, so check by hand: ${needed.map((x) => x.scope).join(', ')}`,
          );
        const missing = needed.filter((x) => !scopes.includes(x.scope));
        if (missing.length)
          return failed(
            `auth.test: ${who}; the token lacks ${missing.map((x) => `${x.scope} (${x.why})`).join(', ')}`,
            `add the Bot Token Scope(s) ${missing.map((x) => x.scope).join(', ')} at api.slack.com/apps -> OAuth & Permissions, reinstall the app, and put the new token in ${ref}`,
          );
        return passed(`auth.test: ${who}; scopes ${needed.map((x) => x.scope).join(', ')} present`);
      },
    },
  ];
}

/** A failed Web API call as a check's outcome: the missing scope, a bad token, an unreachable API. */
export function slackRefusal(e: unknown, endpoint: string, ref: string): CheckOutcome {
  const net = networkFailure(e);
  if (net) return unreachable(endpoint, net);
  const data = (e as { data?: { error?: string; needed?: string; provided?: string } }).data;
  if (data?.error === 'missing_scope')
    return failed(
      `missing_scope: needs ${data.needed ?? '?'}, the token has ${data.provided ?? 'none'}`,
      `add the Bot Token Scope ${data.needed ?? '?'} at api.slack.com/apps -> OAuth & Permissions, reinstall the app, and put the new token in ${ref}`,
    );
  if (data?.error && BAD_TOKEN.has(data.error))
    return failed(
      `auth.test: ${data.error}`,
      `the bot token in ${ref} is not valid: copy the Bot User OAuth Token (xoxb-...) of the installed app there`,
    );
  return failed(errorText(e), `the Slack Web API at ${endpoint} refused the call; see the error`);
}
