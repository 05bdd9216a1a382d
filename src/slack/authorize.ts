import type { SlackSettings } from './ports.js';

/**
 * Who may act on something that silences a guard: its owner, or someone on `slack.allowList`. The idle
 * buttons (Snooze, Keep, Exempt) and an anomaly's Expected use this one rule; a refusal is audited and
 * told to the person who pressed.
 */
export function mayAct(
  settings: Pick<SlackSettings, 'allowList'>,
  user: string,
  owners: readonly string[],
): boolean {
  return settings.allowList.includes(user) || owners.includes(user);
}

/** The Slack users who own a model (`slack.modelOwners`); none when the anomaly names no model. */
export function modelOwnersOf(settings: Pick<SlackSettings, 'modelOwners'>, model: string | undefined) {
  return model === undefined ? [] : (settings.modelOwners[model] ?? []);
}
