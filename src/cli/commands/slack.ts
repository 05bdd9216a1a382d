import { loadConfig } from '../../config/load.js';
import { InvalidInputError } from '../../core/errors.js';
import { startSlackServer } from '../../slack/runtimes.js';
import { resolveSecret } from '../../slack/secrets.js';
import { slackSettings } from '../../slack/settings.js';
import type { CliContext } from '../context.js';
import { withWiring } from '../wiring.js';

export interface ServeOptions {
  config?: string;
  db?: string;
  port?: string;
  host?: string;
}

/**
 * `costguard slack serve --port 3000`: the bot on Bolt's HTTP receiver (POST /slack/events), for
 * self-hosting. Runs until interrupted; every request's signature is checked.
 */
export async function runSlackServe(
  ctx: CliContext,
  opts: ServeOptions,
  until?: Promise<void>,
): Promise<void> {
  const port = Number(opts.port ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidInputError(`--port must be a port number; got "${opts.port}".`);
  const config = loadConfig(opts.config);
  slackSettings(config);
  const s = config.slack;
  if (!s) return;
  const botToken = await resolveSecret(s.botToken, 'Slack bot token', process.env);
  const signingSecret = await resolveSecret(s.signingSecret, 'Slack signing secret', process.env);
  await withWiring(
    ctx,
    opts,
    async (w) => {
      const { deps, slow } = await w.slack((l) => ctx.io.err(l));
      const server = await startSlackServer({
        deps,
        botToken,
        signingSecret,
        port,
        host: opts.host ?? '127.0.0.1',
        quietDays: config.anomalies.suppressDays,
        ...(s.apiUrl ? { slackApiUrl: s.apiUrl } : {}),
      });
      ctx.io.out(`costguard Slack bot listening on ${server.url} (Ctrl-C to stop)`);
      await (until ??
        new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        }));
      await server.stop();
      await slow.drain();
    },
    config,
  );
}
