import { randomUUID } from 'node:crypto';
import { answerTags, type OwnerAnswer, tagAnswerTags, tagNameProblem } from '../core/idle/answers.js';
import { IdleGuardError } from '../core/idle/errors.js';
import type { TagNames } from '../core/idle/owner-ports.js';
import type { Fleet, IdleAuditLog } from '../core/idle/ports.js';
import type { FleetInstance, IdlePolicy } from '../core/idle/types.js';
import type { Clock } from '../core/ports.js';

export interface AnswerDeps {
  fleets: readonly Fleet[];
  audit: IdleAuditLog;
  clock: Clock;
}

/**
 * An owner answered a warning (Snooze 2h, Keep until tomorrow, Exempt): write the tag on the
 * instance, so the cloud holds the state for every later sweep, and audit who did it.
 */
export async function applyOwnerAnswer(
  deps: AnswerDeps,
  input: {
    instance: FleetInstance;
    answer: OwnerAnswer | 'tag';
    actor: string;
    policy: IdlePolicy;
    until?: Date;
    /** The Tag answer's model and stage. */
    names?: TagNames;
  },
): Promise<Record<string, string>> {
  const { instance: i, answer } = input;
  const fleet = deps.fleets.find((f) => f.provider === i.provider);
  if (!fleet)
    throw new IdleGuardError('FLEET_CONFIG', `no ${i.provider} fleet is configured to tag ${i.instanceId}`);
  const now = deps.clock.now();
  const tags = answer === 'tag' ? namedTags(i, input) : answerTags(answer, i, input.policy, now, input.until);
  let error: string | undefined;
  try {
    await fleet.setTags(i, tags);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await deps.audit.append([
    {
      runId: randomUUID(),
      at: now.toISOString(),
      actor: input.actor,
      mode: 'enforce',
      provider: i.provider,
      account: i.account,
      region: i.region,
      instanceId: i.instanceId,
      instanceType: i.instanceType,
      action: 'keep',
      reasons: [`answer:${answer}`],
      ...(answer === 'tag' && input.names ? { model: input.names.model, stage: input.names.stage } : {}),
      result: error ? 'failed' : 'kept',
      ...(error ? { error } : {}),
      ...(i.hourlyCost !== undefined ? { hourlyCost: i.hourlyCost } : {}),
      currency: i.currency,
      savingsPerDay: 0n,
    },
  ]);
  if (error) throw new IdleGuardError('FLEET_TAG_FAILED', error);
  return tags;
}

/** The Tag answer's tags, once both names are valid tag values (the Slack form checks them too). */
function namedTags(i: FleetInstance, input: { policy: IdlePolicy; names?: TagNames }) {
  const names = input.names ?? { model: '', stage: '' };
  const problem = tagNameProblem('model', names.model) ?? tagNameProblem('stage', names.stage);
  if (problem) throw new IdleGuardError('INVALID_TAG', problem);
  return tagAnswerTags(i, input.policy, names);
}
