import { budgetsOf } from '../config/budgets.js';
import type { CostguardConfig } from '../config/schema.js';
import type { AnomalyStore, BudgetAlertStore } from '../core/anomaly/ports.js';
import type { SourceStatusStore } from '../core/billing-source.js';
import type { AllocationStore } from '../core/clusters/types.js';
import type { IdleActions, IdleActivity, PressAudit } from '../core/idle/owner-ports.js';
import type { Clock, CostStore } from '../core/ports.js';
import type { SlackDeps, SlowWork } from './ports.js';
import { slackSettings } from './settings.js';

/** The stores the bot reads, from either runtime (DuckDB for the CLI, DynamoDB under Lambda). */
export interface SlackStores {
  costs: CostStore;
  anomalies: AnomalyStore & BudgetAlertStore;
  sources: SourceStatusStore;
  /** OpenCost allocations (the rollup's GPU clusters), where clusters are configured. */
  allocations?: AllocationStore;
}

/** Refuses slow work where none is expected (the rollup and detect functions never hand off). */
export const noSlowWork: SlowWork = {
  submit: async (job) => {
    throw new Error(`no slow-work runner here (job ${job.kind})`);
  },
};

/**
 * The one builder of the bot's dependencies, for either store: each runtime's wiring (src/cli/wiring.ts,
 * src/lambda/slack-wiring.ts) opens its stores and its idle guard and hands them in.
 */
export function buildSlackDeps(o: {
  config: CostguardConfig;
  stores: SlackStores;
  /** What the idle guard did lately, and (unless `idleActions` overrides it) the buttons' actions. */
  idle: IdleActivity & IdleActions;
  /** Under Lambda the slack function hands button answers to the worker instead. */
  idleActions?: IdleActions;
  audit: PressAudit;
  slowWork?: SlowWork;
  clock: Clock;
}): SlackDeps {
  return {
    costs: o.stores.costs,
    anomalies: o.stores.anomalies,
    budgetAlerts: o.stores.anomalies,
    budgets: budgetsOf(o.config),
    sources: o.stores.sources,
    idleActivity: o.idle,
    idleActions: o.idleActions ?? o.idle,
    audit: o.audit,
    slowWork: o.slowWork ?? noSlowWork,
    clock: o.clock,
    settings: slackSettings(o.config),
    clusters: o.config.attribution.clusters,
    ...(o.stores.allocations ? { allocations: o.stores.allocations } : {}),
  };
}
