import type { SlackJob, SlowWork } from './ports.js';

/**
 * Runs jobs in this process after the listener returned (self-hosted `costguard slack serve`, tests).
 * Errors go to `onError`: the asker already got the acknowledgement, so there is nobody to throw to.
 */
export class InProcessSlowWork implements SlowWork {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: SlackJob) => Promise<void>,
    private readonly onError: (e: unknown, job: SlackJob) => void = () => {},
  ) {}

  async submit(job: SlackJob): Promise<void> {
    // setImmediate: the job starts only after the caller's ack has gone out.
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .catch((e: unknown) => this.onError(e, job))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when every submitted job has finished (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
