import type { NotifyConfig } from '../config/notify-schema.js';
import type { SecretRef } from '../config/slack-schema.js';
import { type Notifier, notifier, type ResolvedTarget } from './notify-sink.js';

/** Reads a secret reference (src/slack/secrets.ts resolveSecret in both runtimes). */
export type SecretReader = (ref: SecretRef, what: string) => Promise<string>;

/** The configured targets with their URLs read, as one notifier; undefined when none is configured. */
export async function notifierOf(
  config: NotifyConfig,
  read: SecretReader,
  o: { fetch?: typeof fetch } = {},
): Promise<Notifier | undefined> {
  if (config.targets.length === 0) return undefined;
  const targets: ResolvedTarget[] = [];
  for (const t of config.targets)
    targets.push({
      name: t.name,
      kind: t.kind,
      events: t.events,
      url: await read(t.url, `webhook URL of notify target ${t.name}`),
    });
  return notifier(targets, o);
}
