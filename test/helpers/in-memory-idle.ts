import type {
  IdleActions,
  IdleActivity,
  IdleChoice,
  IdleNotice,
  PressAudit,
  PressAuditEntry,
  TagNames,
} from '../../src/core/idle/owner-ports.js';

/**
 * The idle guard as the bot sees it, in memory: notices it sent and the tags a button press would
 * put on the instance (keep-until, exempt). For tests of the bot apart from the clouds (the real guard is src/app/idle-slack.ts).
 */
export class InMemoryIdle implements IdleActions, IdleActivity {
  readonly notices: IdleNotice[] = [];
  /** instance key -> tags set by presses. */
  readonly tags = new Map<string, Record<string, string>>();
  readonly calls: { instanceKey: string; by: string; choice: IdleChoice; until?: string }[] = [];

  constructor(
    private readonly keepUntilTag = 'costguard:keep-until',
    private readonly exemptTag = 'costguard:exempt',
  ) {}

  async since(iso: string): Promise<IdleNotice[]> {
    return this.notices.filter((n) => (n.at ?? '') >= iso);
  }

  async keepUntil(instanceKey: string, untilIso: string, by: string, choice: IdleChoice): Promise<void> {
    this.put(instanceKey, this.keepUntilTag, untilIso);
    this.calls.push({ instanceKey, by, choice, until: untilIso });
  }

  async exempt(instanceKey: string, by: string): Promise<void> {
    this.put(instanceKey, this.exemptTag, by);
    this.calls.push({ instanceKey, by, choice: 'exempt' });
  }

  async tag(instanceKey: string, names: TagNames, by: string): Promise<void> {
    this.put(instanceKey, 'model', names.model);
    this.put(instanceKey, 'stage', names.stage);
    this.calls.push({ instanceKey, by, choice: 'tag' });
  }

  private put(key: string, k: string, v: string) {
    this.tags.set(key, { ...(this.tags.get(key) ?? {}), [k]: v });
  }
}

export class InMemoryPressAudit implements PressAudit {
  readonly entries: PressAuditEntry[] = [];
  async record(e: PressAuditEntry): Promise<void> {
    this.entries.push(e);
  }
}
