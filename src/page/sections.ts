import { lineChart } from '../charts/html-charts.js';
import { ALERT, PALETTE } from '../charts/palette.js';
import type { PageModel } from '../core/report-page/model.js';
import { amount, esc, toNumber, withCurrency } from './format.js';

// The page's sections after the currencies: anomalies as episodes, budgets with their burn-down and
// forecast interval, and the idle sweep's decisions with what they save.

export function episodesHtml(m: PageModel): string {
  if (m.episodes.length === 0) return '<p>No anomalies in this range.</p>';
  const rows = m.episodes
    .map((e) => {
      const when = e.firstDay === e.lastDay ? e.firstDay : `${e.firstDay} to ${e.lastDay}`;
      const cause = e.rootCause
        .slice(0, 3)
        .map((c) => `${esc(c.dimension)} ${esc(c.value)} ${Math.round(c.share * 100)}%`)
        .join(', ');
      return `<tr data-testid="episode"><td>${esc(e.label)}</td><td>${when}</td><td class="num">${e.days}</td><td class="num">${e.direction === 'up' ? '+' : ''}${withCurrency(e.impact, e.currency)}</td><td>${esc(e.explanation)}</td><td>${cause || '<span class="muted">none found</span>'}</td></tr>`;
    })
    .join('');
  return `<p class="muted">One line per episode: consecutive days of the same series off its expectation. Impact: actual minus expected, summed over the episode's days.</p>
<div class="scroll"><table><thead><tr><th>Series</th><th>Days</th><th class="num">Length</th><th class="num">Impact</th><th>What happened</th><th>Root cause</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function budgetsHtml(m: PageModel): string {
  if (m.budgets.length === 0) return '<p>No budgets configured (<code>budgets:</code> in the config).</p>';
  return m.budgets
    .map((b) => {
      const daily = m.budgetDaily.get(b.budget.name) ?? [];
      const days = daily.map((_, i) => `${b.period}-${String(i + 1).padStart(2, '0')}`);
      const at = days.indexOf(b.asOf);
      let run = 0n;
      const spent = daily.map((v, i) => {
        run += v;
        return i <= at ? toNumber(run) : Number.NaN;
      });
      const toEnd = (target: number) =>
        days.map((_, i) =>
          i < at
            ? Number.NaN
            : toNumber(b.spent) +
              ((target - toNumber(b.spent)) * (i - at)) / Math.max(1, days.length - 1 - at),
        );
      const series = [
        { name: 'spent so far', values: spent, color: PALETTE[0] },
        { name: 'forecast', values: toEnd(toNumber(b.forecast)), color: PALETTE[3] },
        { name: 'forecast 80% low', values: toEnd(toNumber(b.forecastLow)), color: PALETTE[4] },
        { name: 'forecast 80% high', values: toEnd(toNumber(b.forecastHigh)), color: PALETTE[4] },
        { name: 'budget', values: days.map(() => toNumber(b.budget.amount)), color: ALERT },
      ];
      return `<h3>${esc(b.budget.name)}</h3><p>${esc(b.summary)}</p>${lineChart(days, series, [], ['forecast', 'forecast 80% low', 'forecast 80% high', 'budget'])}`;
    })
    .join('');
}

export function idleHtml(m: PageModel): string {
  const i = m.idle;
  if (i.decisions.length === 0) return '<p>No idle or untagged GPU instance was stopped or warned.</p>';
  const savings = i.savingsPerDay
    .map(
      (s) =>
        `${withCurrency(s.amount, s.currency)} per day (about ${amount(s.amount * 30n)} ${esc(s.currency)} per 30 days)`,
    )
    .join('; ');
  const rows = i.decisions
    .map(
      (e) =>
        `<tr><td>${esc(e.provider)}</td><td>${esc(e.instanceId)}</td><td>${esc(e.instanceType)}${e.gpus ? ` (${e.gpus} GPU)` : ''}</td><td>${esc(e.model ?? '')}${e.stage ? `, ${esc(e.stage)}` : ''}</td><td>${esc(e.owner ?? '')}</td><td>${esc(e.action)}${e.mode === 'dry-run' ? ' (dry run)' : ''}</td><td>${esc(e.reasons.join(', '))}</td><td class="num">${withCurrency(e.savingsPerDay, e.currency)}/day</td></tr>`,
    )
    .join('');
  return `<p>Latest sweep ${esc(i.sweptAt ?? '')}: stopping what it flagged saves ${savings}.</p>
<div class="scroll"><table><thead><tr><th>Cloud</th><th>Instance</th><th>Type</th><th>Model, stage</th><th>Owner</th><th>Action</th><th>Why</th><th class="num">Saving</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The shared GPU clusters: each one's bill, split per model, its idle part and any spend not split yet. */
export function clustersHtml(m: PageModel): string {
  const rows = m.clusters
    .map((c) => {
      const models = c.models.map((x) => `${esc(x.model)} ${amount(x.cost)}`).join(', ');
      const share = c.gpuIdleShare === null ? '' : `${Math.round(c.gpuIdleShare * 100)}%`;
      const unsplit =
        c.unsplit === 0n
          ? ''
          : `${withCurrency(c.unsplit, c.currency)} on ${c.unsplitDays.length} day(s) (no OpenCost allocations: ${esc(c.unsplitDays.join(', '))})`;
      return `<tr data-testid="cluster-row"><td>${esc(c.cluster)}</td><td class="num">${withCurrency(c.total, c.currency)}</td><td>${models}</td><td class="num">${withCurrency(c.idle, c.currency)}</td><td class="num">${share}</td><td>${unsplit}</td></tr>`;
    })
    .join('');
  return `<p>Node, disk and control-plane spend of each cluster, split per model and stage from OpenCost's allocations of each day; capacity no workload requested is the cluster's idle.</p>
<div class="scroll"><table><thead><tr><th>Cluster</th><th class="num">Billed (range)</th><th>Split per model</th><th class="num">Idle</th><th class="num">GPU-hours idle</th><th>Not split yet</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
