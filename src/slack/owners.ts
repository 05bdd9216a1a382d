import type { WebClient } from './post.js';

/**
 * Owner tag value -> Slack user id: the config map first (`slack.owners`), then users.lookupByEmail when
 * the value is an email (needs the users:read.email scope). Undefined means: post to the channel.
 */
export class OwnerDirectory {
  private readonly cache = new Map<string, string | undefined>();

  constructor(
    private readonly client: WebClient,
    private readonly owners: Readonly<Record<string, string>>,
  ) {}

  async slackUserFor(owner: string | undefined): Promise<string | undefined> {
    const key = owner?.trim().toLowerCase();
    if (!key) return undefined;
    const mapped = this.owners[key];
    if (mapped) return mapped;
    if (this.cache.has(key)) return this.cache.get(key);
    let id: string | undefined;
    if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(key)) {
      try {
        const res = await this.client.users.lookupByEmail({ email: key });
        id = res.user?.id;
      } catch {
        // users_not_found (or a missing scope): the warning goes to the channel instead.
        id = undefined;
      }
    }
    this.cache.set(key, id);
    return id;
  }
}
