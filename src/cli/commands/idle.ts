import { userInfo } from 'node:os';
import { type ActionResult, runIdleSweep, type SweepResult } from '../../app/idle-sweep.js';
import { logNotifier } from '../../app/log-notifier.js';
import { toIdlePolicy } from '../../config/idle-schema.js';
import { loadConfig } from '../../config/load.js';
import { CostguardError, InvalidInputError } from '../../core/errors.js';
import { IdleGuardError } from '../../core/idle/errors.js';
import { type Decision, instanceIdentity } from '../../core/idle/types.js';
import { formatMoney, moneyToNumber } from '../../core/money.js';
import { fleetsFromConfig } from '../../fleet/registry.js';
import type { CliContext } from '../context.js';
import { outputFormat, parseClouds } from '../conventions.js';
import { type Column, paint, renderCsv, renderTable } from '../output.js';
import { withWiring } from '../wiring.js';

export interface IdleOptions {
  config?: string;
  db?: string;
  apply?: boolean;
  /** Comma-separated clouds to sweep (`--provider`, its old spelling, is mapped here by the parser). */
  source?: string;
  now?: string;
  format?: string;
}

function parseNow(ctx: CliContext, now: string | undefined): Date {
  if (now === undefined) return ctx.clock.now();
  // A zone is required: "19:00" without one would mean a different instant on every machine.
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(now);
  const t = Date.parse(now);
  if (!ok || Number.isNaN(t)) {
    throw new InvalidInputError(
      `--now must be an ISO date-time with a zone, e.g. 2026-11-23T19:00:00Z; got "${now}".`,
    );
  }
  return new Date(t);
}

/** The documented JSON shape of one decision. */
export function decisionJson(d: Decision) {
  const i = d.instance;
  return {
    ...instanceIdentity(i),
    owner: d.owner ?? null,
    model: d.model,
    stage: d.stage,
    action: d.action,
    reasons: d.reasons,
    rule: d.rule ?? null,
    hourlyCost: i.hourlyCost === undefined ? null : moneyToNumber(i.hourlyCost),
    estimatedSavings: moneyToNumber(d.estimatedSavings),
  };
}

function resultJson(r: ActionResult, byKey: ReadonlyMap<string, Decision>) {
  const i = byKey.get(r.key)?.instance;
  return {
    provider: i?.provider,
    account: i?.account,
    region: i?.region,
    instanceId: i?.instanceId,
    action: r.action,
    result: r.result,
    ...(r.error ? { error: r.error } : {}),
    ...(r.reasons ? { reasons: r.reasons } : {}),
  };
}

export function idleJson(r: SweepResult) {
  const byKey = new Map(r.plan.decisions.map((d) => [d.key, d]));
  return {
    decisions: r.plan.decisions.map(decisionJson),
    results: r.results.map((x) => resultJson(x, byKey)),
  };
}

export async function runIdle(ctx: CliContext, opts: IdleOptions): Promise<SweepResult> {
  const now = parseNow(ctx, opts.now);
  const providers = parseClouds(opts.source);
  const format = outputFormat(ctx.io, { formats: ['table', 'json', 'csv'] }, opts.format);
  const config = ctx.wiring?.config ?? loadConfig(opts.config);
  const policy = toIdlePolicy(config.idle, config.attribution);
  const apply = opts.apply === true || config.idle.mode === 'enforce';
  const fleets = fleetsFromConfig(config.idle, providers);
  // Owners are warned in Slack when the config has a `slack:` section (loaded only then), else here.
  const notifier = config.slack
    ? await (await import('../../slack/idle-notifier.js')).slackNotifierFromConfig(config, process.env)
    : logNotifier((l) => ctx.io.err(l));
  const result: SweepResult = await withWiring(
    ctx,
    opts,
    async (w) =>
      runIdleSweep(
        { fleets, audit: await w.idleAudit(), notifier, clock: { now: () => now } },
        {
          policy,
          apply,
          actor: `cli:${userInfo().username}`,
          ...(ctx.io.errIsTty ? { onProgress: (m: string) => ctx.io.err(paint(ctx.io, 'dim', m)) } : {}),
        },
      ),
    config,
  );
  ctx.io.out(
    format === 'json'
      ? JSON.stringify(idleJson(result))
      : format === 'csv'
        ? idleCsv(result)
        : renderIdleTable(ctx, result, apply),
  );
  failIfNeeded(result);
  return result;
}

/** After printing: a halted run, an unreadable cloud or a failed action exits 1 with a clear message. */
function failIfNeeded(r: SweepResult): void {
  const problems: string[] = [];
  const h = r.plan.halted;
  if (h) {
    const earlier = h.earlier ? ` and ${h.earlier} stopped earlier today (UTC)` : '';
    problems.push(
      `blast radius: ${h.stops} stops planned${earlier}, the cap (idle.maxStops) is ${h.limit} a day; nothing was stopped. ` +
        'Check the fleet and tags, or raise idle.maxStops.',
    );
  }
  for (const f of r.fleetErrors) problems.push(`${f.provider} was not swept: ${f.error}`);
  for (const a of r.results.filter((x) => x.result === 'failed'))
    problems.push(`${a.action} ${a.key} failed: ${a.error}`);
  if (problems.length === 0) return;
  const code = r.plan.halted ? 'IDLE_BLAST_RADIUS' : 'IDLE_INCOMPLETE';
  const Err = r.plan.halted ? IdleGuardError : CostguardError;
  throw new Err(code, problems.join('\n'));
}

/** One row per decision (actions taken are in the JSON). */
function idleCsv(r: SweepResult): string {
  const rows = r.plan.decisions.map(decisionJson);
  const header = [
    'provider',
    'account',
    'region',
    'instanceId',
    'owner',
    'model',
    'stage',
    'action',
    'reasons',
    'hourlyCost',
    'estimatedSavings',
  ] as const;
  return renderCsv(
    header,
    rows.map((d) => [
      d.provider,
      d.account,
      d.region,
      d.instanceId,
      d.owner ?? '',
      d.model,
      d.stage,
      d.action,
      d.reasons.join('; '),
      d.hourlyCost ?? '',
      d.estimatedSavings,
    ]),
  );
}

function renderIdleTable(ctx: CliContext, r: SweepResult, apply: boolean): string {
  const ds = r.plan.decisions;
  const count = (a: string) => ds.filter((d) => d.action === a).length;
  const title =
    `Idle GPU guard at ${r.plan.at} (${apply ? 'enforce' : 'dry run: nothing is changed; --apply to act'}): ` +
    `${count('stop')} to stop, ${count('warn')} to warn, ${count('keep')} kept`;
  if (ds.length === 0) return `${title}\nNo running GPU instances.`;
  const colour = { stop: 'red', warn: 'yellow', keep: 'green' } as const;
  const cells = ds.map((d) => [
    d.instance.provider,
    d.instance.region,
    d.instance.instanceId,
    d.instance.instanceType,
    String(d.instance.gpus),
    d.owner ?? '',
    `${d.model}/${d.stage}`,
    paint(ctx.io, colour[d.action], d.action),
    d.reasons.join(', '),
    d.instance.hourlyCost === undefined ? '?' : formatMoney(d.instance.hourlyCost),
    d.action === 'keep' ? '' : formatMoney(d.estimatedSavings),
  ]);
  const columns: Column[] = [
    { header: 'CLOUD' },
    { header: 'REGION' },
    { header: 'INSTANCE' },
    { header: 'TYPE' },
    { header: 'GPUS', align: 'right' },
    { header: 'OWNER' },
    { header: 'MODEL/STAGE' },
    { header: 'ACTION' },
    { header: 'REASONS' },
    { header: 'USD/H', align: 'right' },
    { header: 'SAVING', align: 'right' },
  ];
  const out = [title, renderTable(columns, cells)];
  if (r.results.length) {
    const byKey = new Map(ds.map((d) => [d.key, d]));
    out.push(
      '',
      'Actions taken:',
      renderTable(
        [{ header: 'INSTANCE' }, { header: 'ACTION' }, { header: 'RESULT' }, { header: 'WHY' }],
        r.results.map((a) => [
          byKey.get(a.key)?.instance.instanceId ?? a.key,
          a.action,
          a.result,
          a.error ?? a.reasons?.join(', ') ?? '',
        ]),
      ),
    );
  }
  return out.join('\n');
}
