import type { App } from '@slack/bolt';
import type { IdleActions } from '../core/idle/owner-ports.js';
import { errorMessage } from './blocks/cost-blocks.js';
import type { SlackMessage } from './blocks/kit.js';
import { answerCost } from './cost-answers.js';
import type { CostJob, IdleAnswerJob, SlackDeps, SlackJob, SlowWork } from './ports.js';
import { assertWithinLimits, fallbackText } from './post.js';

/**
 * `/cost`: acknowledge at once (Slack shows "operation_timeout" after 3 s), then hand the question to
 * the slow-work port, whose job answers through the command's response_url.
 */
/** The longest `/cost` text answered. */
export const MAX_COST_TEXT = 500;

export function registerCostCommand(app: App, deps: SlackDeps): void {
  app.command('/cost', async ({ command, ack }) => {
    // Slack caps a command's text far above any question /cost answers; a wall of text gets a short
    // refusal in the acknowledgement instead of a job.
    if ((command.text ?? '').length > MAX_COST_TEXT) {
      await ack({
        response_type: 'ephemeral',
        text: `That is ${(command.text ?? '').length} characters; /cost takes a short question (at most ${MAX_COST_TEXT}). Try \`/cost help\`.`,
      });
      return;
    }
    await ack();
    await deps.slowWork.submit({
      kind: 'cost',
      text: command.text ?? '',
      userId: command.user_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
    });
  });
}

/**
 * What Bolt's respond() does, as a plain function: the worker that answers may be another Lambda
 * without a Bolt request. `in_channel` posts in the channel for everyone; `ephemeral` only to the asker.
 */
export async function respondTo(
  responseUrl: string,
  msg: SlackMessage,
  responseType: 'ephemeral' | 'in_channel',
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  assertWithinLimits(msg);
  const res = await fetchFn(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: responseType, text: fallbackText(msg), blocks: msg.blocks }),
  });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}

/** Answers one `/cost` job (runs in process locally, in the worker function under Lambda). */
export async function runCostJob(
  job: CostJob,
  deps: SlackDeps,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  let answer: { message: SlackMessage; public: boolean };
  try {
    answer = await answerCost(deps, job.text);
  } catch (e) {
    answer = {
      message: errorMessage(`costguard could not answer \`/cost ${job.text}\`: ${(e as Error).message}`),
      public: false,
    };
  }
  await respondTo(job.responseUrl, answer.message, answer.public ? 'in_channel' : 'ephemeral', fetchFn);
}

/** Runs one handed-off job of either kind (in process locally, in the worker function under Lambda). */
export async function runJob(job: SlackJob, deps: SlackDeps, fetchFn: typeof fetch = fetch): Promise<void> {
  if (job.kind === 'cost') return runCostJob(job, deps, fetchFn);
  return runIdleAnswerJob(job, deps.idleActions, fetchFn);
}

/**
 * Writes the owner's answer on the instance. The message already shows the choice, so a failure is
 * told to the person who pressed (ephemeral) and thrown, so the worker's log has it too.
 */
export async function runIdleAnswerJob(
  job: IdleAnswerJob,
  idle: IdleActions,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  try {
    if (job.choice === 'exempt') await idle.exempt(job.instanceKey, job.by);
    else if (job.choice === 'tag')
      await idle.tag(job.instanceKey, job.names ?? { model: '', stage: '' }, job.by);
    else await idle.keepUntil(job.instanceKey, job.until ?? '', job.by, job.choice);
  } catch (e) {
    // A Tag answer comes from a form, which has no response_url: the worker's log and the audit have it.
    if (!job.responseUrl) throw e;
    await respondTo(
      job.responseUrl,
      errorMessage(
        `Could not ${job.choice} \`${job.instanceKey}\`: ${(e as Error).message}. The stop still applies.`,
      ),
      'ephemeral',
      fetchFn,
    );
    throw e;
  }
}

/**
 * The idle buttons under Lambda: the answer is handed to the worker function (which has the cloud
 * SDKs and permissions) and the press is acknowledged at once.
 */
export function handOffIdleActions(slow: SlowWork): IdleActions {
  return {
    keepUntil: (instanceKey, until, by, choice, replyTo) =>
      slow.submit({ kind: 'idle-answer', choice, instanceKey, until, by, responseUrl: replyTo ?? '' }),
    exempt: (instanceKey, by, replyTo) =>
      slow.submit({ kind: 'idle-answer', choice: 'exempt', instanceKey, by, responseUrl: replyTo ?? '' }),
    tag: (instanceKey, names, by, replyTo) =>
      slow.submit({ kind: 'idle-answer', choice: 'tag', instanceKey, names, by, responseUrl: replyTo ?? '' }),
  };
}
