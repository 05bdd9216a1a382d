// What the idle guard offers the people it warns (their answers, what it did lately, the press audit):
// ports with their consumer's domain, implemented by the app (src/app/idle-slack.ts) and used by the
// Slack bot.
import type { Money } from '../money.js';
import type { IdleRule } from './types.js';

/**
 * One idle guard decision as the Slack bot renders it. Kept flat and small so the idle guard's richer
 * `Decision` maps onto it in one function when the two are wired together.
 */
export interface IdleNotice {
  provider: string;
  account: string;
  region: string;
  instanceId: string;
  instanceType: string;
  gpus: number;
  /** Owner tag value (an email or a name), if the instance has one. */
  owner?: string;
  model: string;
  stage: string;
  action: 'stop' | 'warn' | 'keep';
  /** Stable codes from the policy: idle:gpu, untagged:model, exempt, ... */
  reasons: string[];
  /** The rule that warned or stopped it (idle, untagged-idle, untagged-busy, untagged). */
  rule?: IdleRule;
  hourlyCost?: Money;
  estimatedSavings: Money;
  currency: string;
  /** ISO time the stop happens at the earliest (warnings) or happened (stops). */
  at?: string;
}

export type IdleChoice = 'snooze' | 'keep-until-tomorrow' | 'exempt' | 'tag';

/** What the Tag answer names: the model and stage the instance works for. */
export interface TagNames {
  model: string;
  stage: string;
}

/**
 * What the idle warning buttons do; the idle guard implements it (tags the instance with its keep-until
 * or exempt tag and writes its audit log). `by` is the Slack user who pressed.
 */
export interface IdleActions {
  /**
   * `replyTo` is the press's response_url: an implementation that finishes later (the Lambda hand-off
   * to the worker) tells the person there when it fails.
   */
  keepUntil(
    instanceKey: string,
    untilIso: string,
    by: string,
    choice: IdleChoice,
    replyTo?: string,
  ): Promise<void>;
  exempt(instanceKey: string, by: string, replyTo?: string): Promise<void>;
  /**
   * Writes the model and stage tags (the attribution's first tag keys) on the instance: a busy
   * untagged machine's owner answers the warning by tagging it, and the guard leaves it running.
   */
  tag(instanceKey: string, names: TagNames, by: string, replyTo?: string): Promise<void>;
}

/** What the idle guard did recently, for the rollup and `/cost idle`. */
export interface IdleActivity {
  since(iso: string): Promise<IdleNotice[]>;
}

/** One button press (or refusal), written for every press. */
export interface PressAuditEntry {
  at: string;
  /** Slack user id. */
  user: string;
  action: string;
  target: string;
  result: 'done' | 'refused' | 'failed';
  detail?: string;
}

export interface PressAudit {
  record(e: PressAuditEntry): Promise<void>;
}
