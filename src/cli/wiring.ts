import { loadConfig } from '../config/load.js';
import type { CostguardConfig } from '../config/schema.js';
import { trailingWindow } from '../core/billing-source.js';
import { addDays } from '../core/day.js';
import type { DoctorCheck } from '../core/doctor.js';
import { InvalidInputError } from '../core/errors.js';
import type { IdleActions, IdleActivity } from '../core/idle/owner-ports.js';
import type { IdleAuditLog } from '../core/idle/ports.js';
import type { Clock } from '../core/ports.js';
import type { SlackDeps } from '../slack/ports.js';
import type { InProcessSlowWork } from '../slack/slow-work.js';
import { DuckDbAllocationStore } from '../store/duckdb/duckdb-allocation-store.js';
import { DuckDbAnomalyStore } from '../store/duckdb/duckdb-anomaly-store.js';
import { DuckDbCostStore } from '../store/duckdb/duckdb-cost-store.js';
import { DuckDbIdleAuditLog } from '../store/duckdb/duckdb-idle-audit-log.js';
import { DuckDbSourceStatusStore } from '../store/duckdb/duckdb-source-status.js';
import { DuckDbSubAccountStore } from '../store/duckdb/duckdb-sub-accounts.js';
import { DuckDbTagCoverageStore } from '../store/duckdb/duckdb-tag-coverage.js';
import { exportFocus, type FocusExportOptions } from '../store/duckdb/focus-export.js';
import type { LockWaiting } from '../store/duckdb/open-instance.js';
import type { Io } from './output.js';
import { DynamoWiring, type StoreWiring, storeTargetOf, type WiringOptions } from './store-wiring.js';

export type { StoreWiring, WiringOptions } from './store-wiring.js';

/**
 * The CLI's wiring: the one place that joins the adapters on the DuckDB file to the use cases and the
 * bot. A command gets one `CliWiring` (config loaded once, the file opened once, each companion store
 * made on first use and then shared); `costguard run` and the demo hand the same wiring to every step.
 * Commands never import a store themselves (the layer rules check that). The bot and the fleets are
 * loaded only when asked for: `costguard import` must not pay for loading Bolt and three clouds' SDKs
 * (measured: twice the CPU time of a 300 MB import, bench:import).
 */
export class CliWiring implements StoreWiring {
  private readonly made = new Map<string, Promise<unknown>>();

  private constructor(
    readonly config: CostguardConfig,
    readonly cost: DuckDbCostStore,
    readonly clock: Clock,
  ) {}

  /**
   * Opens the store file. Another costguard process may hold it (an import, `slack serve`): the open
   * then waits up to `lock.seconds` (default `store.lockWaitSeconds`), saying so through `lock.tell`.
   */
  static async open(
    config: CostguardConfig,
    dbPath: string,
    clock: Clock,
    lock: { seconds?: number; tell?: (line: string) => void } = {},
  ): Promise<CliWiring> {
    const seconds = lock.seconds ?? config.store.lockWaitSeconds;
    const report = lock.tell ? lockWaitReporter(lock.tell) : undefined;
    const store = await DuckDbCostStore.open(dbPath, {
      maxMs: seconds * 1000,
      ...(report ? { onWait: report.waiting } : {}),
    });
    report?.opened();
    return new CliWiring(config, store, clock);
  }

  /** Where the store lives (for messages: "Store: ./costguard.duckdb"). */
  get path(): string {
    return this.cost.path;
  }

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.made.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.made.set(key, p);
    }
    return p;
  }

  anomalies(): Promise<DuckDbAnomalyStore> {
    return this.once('anomalies', () => DuckDbAnomalyStore.on(this.cost));
  }

  sources(): Promise<DuckDbSourceStatusStore> {
    return this.once('sources', () => DuckDbSourceStatusStore.on(this.cost));
  }

  subAccounts(): Promise<DuckDbSubAccountStore> {
    return this.once('subAccounts', () => DuckDbSubAccountStore.on(this.cost));
  }

  tagCoverage(): Promise<DuckDbTagCoverageStore> {
    return this.once('tagCoverage', () => DuckDbTagCoverageStore.on(this.cost));
  }

  allocations(): Promise<DuckDbAllocationStore> {
    return this.once('allocations', () => DuckDbAllocationStore.on(this.cost));
  }

  idleAudit(): Promise<IdleAuditLog> {
    return this.once('idleAudit', () => DuckDbIdleAuditLog.open(this.cost.connection));
  }

  /** The stored facts as a FOCUS file (DuckDB writes CSV or Parquet itself); returns the row count. */
  exportFocus(opts: FocusExportOptions): Promise<number> {
    return exportFocus(this.cost.connection, opts);
  }

  /**
   * The bot's dependencies on this file: the idle guard's audit log feeds `/cost idle` and the rollup,
   * button presses write the instance's tags through the fleet adapters (or `idle`, the demo's
   * simulated ones), and every press is a line of that audit log. Slow work (`/cost`) runs in this
   * process after the ack.
   */
  slack(
    log: (line: string) => void,
    idle?: IdleActions & IdleActivity,
  ): Promise<{ deps: SlackDeps; slow: InProcessSlowWork }> {
    return this.once('slack', async () => {
      const [{ AuditLogPresses }, { runJob }, { buildSlackDeps }, { InProcessSlowWork }] = await Promise.all([
        import('../app/idle-slack.js'),
        import('../slack/cost-command.js'),
        import('../slack/deps.js'),
        import('../slack/slow-work.js'),
      ]);
      const audit = await this.idleAudit();
      const slow: InProcessSlowWork = new InProcessSlowWork(
        (job) => runJob(job, deps),
        (e) => log(JSON.stringify({ level: 'error', msg: '/cost job failed', error: (e as Error).message })),
      );
      const deps = buildSlackDeps({
        config: withSlack(this.config),
        stores: {
          costs: this.cost,
          anomalies: await this.anomalies(),
          sources: await this.sources(),
          allocations: await this.allocations(),
        },
        idle: idle ?? (await idleGuardFor(this.config, audit, this.clock)),
        audit: new AuditLogPresses(audit),
        slowWork: slow,
        clock: this.clock,
      });
      return { deps, slow };
    });
  }

  close(): Promise<void> {
    return this.cost.close();
  }
}

/** Without a slack section the bot's views (the rollup) still render, channel unused: a preview. */
const withSlack = (config: CostguardConfig): CostguardConfig =>
  config.slack
    ? config
    : {
        ...config,
        slack: {
          channel: '-',
          owners: {},
          allowList: [],
          modelOwners: {},
          botToken: { env: 'SLACK_BOT_TOKEN' },
          signingSecret: { env: 'SLACK_SIGNING_SECRET' },
          rollup: { hour: 9, timeZone: 'UTC', chart: false },
        },
      };

/**
 * Runs `use` on the command's store, DuckDB or DynamoDB (see storeTargetOf); inside `costguard run`
 * or the demo, on the context's wiring.
 */
export async function withStore<T>(
  ctx: { clock: Clock; wiring?: CliWiring; io?: Pick<Io, 'err'>; lockWaitSeconds?: number | undefined },
  opts: WiringOptions,
  use: (w: StoreWiring) => Promise<T>,
  config: CostguardConfig = ctx.wiring?.config ?? loadConfig(opts.config),
): Promise<T> {
  if (ctx.wiring) return use(ctx.wiring);
  const target = storeTargetOf(opts, config);
  if (target.kind === 'duckdb')
    return withWiring(ctx, { ...opts, db: target.path, store: undefined }, use, config);
  const w = new DynamoWiring(config, target, ctx.clock);
  try {
    return await use(w);
  } finally {
    await w.close();
  }
}

/**
 * Runs `use` on the command's wiring. Inside `costguard run` (or the demo) the context carries one
 * already, which is used and left open; otherwise the config is loaded, the store opened, and both
 * closed when `use` ends, whether it succeeded or not.
 */
export async function withWiring<T>(
  ctx: { clock: Clock; wiring?: CliWiring; io?: Pick<Io, 'err'>; lockWaitSeconds?: number | undefined },
  opts: WiringOptions,
  use: (w: CliWiring) => Promise<T>,
  config: CostguardConfig = ctx.wiring?.config ?? loadConfig(opts.config),
): Promise<T> {
  if (ctx.wiring) return use(ctx.wiring);
  const target = storeTargetOf(opts, config);
  if (target.kind !== 'duckdb')
    throw new InvalidInputError(
      `${target.kind}://${target.table}: this command works on the DuckDB store only; report, anomalies, ` +
        'budgets and export read the deployed table (or give --db FILE).',
    );
  const w = await CliWiring.open(config, target.path, ctx.clock, {
    ...(ctx.lockWaitSeconds !== undefined ? { seconds: ctx.lockWaitSeconds } : {}),
    ...(ctx.io ? { tell: ctx.io.err } : {}),
  });
  try {
    return await use(w);
  } finally {
    await w.close();
  }
}

/** The real idle guard behind the bot's buttons and its idle reports, on the configured fleets. */
async function idleGuardFor(config: CostguardConfig, audit: IdleAuditLog, clock: Clock) {
  const [{ IdleGuardForSlack }, { toIdlePolicy }, { configuredFleets }] = await Promise.all([
    import('../app/idle-slack.js'),
    import('../config/idle-schema.js'),
    import('../fleet/registry.js'),
  ]);
  return new IdleGuardForSlack({
    fleets: configuredFleets(config.idle),
    audit,
    clock,
    policy: toIdlePolicy(config.idle, config.attribution),
  });
}

const GROUP_ORDER = ['aws', 'gcp', 'azure', 'opencost', 'slack'];

/**
 * `costguard doctor`'s checks for the config: each enabled source, idle fleet and Slack, built with
 * the adapters' own clients (loaded here on demand: no other command pays for them), cloud by cloud.
 * Cost Explorer and Cost Management are asked about yesterday, BigQuery dry-runs the trailing window.
 */
export async function doctorChecks(
  config: CostguardConfig,
  o: { today: string; env: Readonly<Record<string, string | undefined>> },
): Promise<DoctorCheck[]> {
  const [{ sourceChecks }, { fleetChecks }, { slackChecks }, { openCostChecks }] = await Promise.all([
    import('../sources/probes.js'),
    import('../fleet/probes.js'),
    import('../slack/probe.js'),
    import('../sources/opencost/probe.js'),
  ]);
  const checks = [
    ...sourceChecks(config.sources, {
      day: addDays(o.today, -1),
      window: trailingWindow(o.today, config.sources),
    }),
    ...openCostChecks(config.attribution.clusters),
    ...fleetChecks(config.idle),
    ...slackChecks(config, o.env),
  ];
  return checks.sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

/** A progress line every this many milliseconds of waiting for a locked store. */
const LOCK_PROGRESS_MS = 5000;

/**
 * What a command says on stderr while the store is locked: who holds it and how long it will wait,
 * a line every 5 s, and when it got the file. The store's open calls `waiting` after every refused
 * attempt; `opened` says nothing when there was no wait.
 */
export function lockWaitReporter(tell: (line: string) => void) {
  const s = (ms: number) => Math.round(ms / 1000);
  let told: number | undefined;
  let start = 0;
  return {
    waiting(w: LockWaiting): void {
      if (told === undefined) {
        start = Date.now() - w.waitedMs;
        const who = w.holder ? ` (${w.holder})` : '';
        tell(
          `costguard: the store ${w.path} is in use by another process${who}; waiting up to ` +
            `${s(w.maxMs)} s for it (--lock-wait, store.lockWaitSeconds)`,
        );
        told = 0;
      } else if (w.waitedMs - told >= LOCK_PROGRESS_MS) {
        told = w.waitedMs - (w.waitedMs % LOCK_PROGRESS_MS);
        tell(`costguard: still waiting for ${w.path}: ${s(w.waitedMs)} s of ${s(w.maxMs)} s`);
      }
    },
    opened(): void {
      if (told !== undefined) tell(`costguard: got the store after ${s(Date.now() - start)} s`);
    },
  };
}
