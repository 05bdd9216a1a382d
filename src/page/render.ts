import { lineChart, stackedArea } from '../charts/html-charts.js';
import { colorAt, GREY } from '../charts/palette.js';
import type { CurrencySection, PageModel, TableDimension } from '../core/report-page/model.js';
import { amount, change, esc, exact, share, toNumber, withCurrency } from './format.js';
import { PAGE_SCRIPT } from './script.js';
import { budgetsHtml, clustersHtml, episodesHtml, idleHtml } from './sections.js';

// The report page: one self-contained HTML document (inline CSS, inline SVG, one inline script; no
// request of any kind). Hooks for tests and scripts (stable, documented here):
//   select[data-testid="filter-model|filter-stage|filter-provider|filter-currency"]  values: raw names
//   section[data-currency="USD"]                      one per currency, never summed with another
//   [data-testid="provider-total"][data-provider][data-currency]   the provider's total, 2 decimals
//   [data-testid="headline"][data-currency]           last day, month to date, forecast, change
//   table.costs tr[data-testid="cost-row"][data-model][data-stage][data-provider][data-currency]
//       [data-amount]                                 exact amount, 12 decimals
//   [data-testid="table-total"][data-currency]        total of the visible rows, 2 decimals
//   [data-testid="untagged"][data-currency]           spend without a model tag, 2 decimals

export interface PageExtras {
  /** Extra sections (already HTML), e.g. the demo's Slack messages. */
  sections?: readonly { title: string; html: string }[];
}

const DIM_TITLE: Record<TableDimension, string> = {
  model: 'Model',
  stage: 'Stage',
  provider: 'Provider',
  subaccount: 'Account / project / subscription',
  service: 'Service',
  region: 'Region',
};

const SMALL_MULTIPLES = 6;

export function renderPage(m: PageModel, extras: PageExtras = {}): string {
  const q = m.query;
  const metric = q.metric === 'effective' ? 'effective (amortized) cost' : `${q.metric} cost`;
  const fresh = m.freshness.length
    ? `Data complete up to: ${m.freshness.map((f) => `${esc(f.source)} ${esc(f.completeUpTo)}`).join(' · ')}`
    : 'No source has reported freshness yet (imported files only).';
  const body = m.currencies.length
    ? m.currencies.map((c) => currencySection(m, c)).join('')
    : '<section><p>No cost data in this range.</p></section>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(q.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><style>${CSS}</style></head><body>
<header><h1>${esc(q.title)}</h1>
<p class="muted">${q.from} to ${q.to} · ${metric}; each currency on its own, never added together · generated ${esc(q.generatedAt)}</p>
<p class="muted" data-testid="freshness">${fresh}</p>
${filters(m)}</header>
${body}
<section id="anomalies"><h2>Anomalies</h2>${episodesHtml(m)}</section>
<section id="budgets"><h2>Budgets</h2>${budgetsHtml(m)}</section>
<section id="idle"><h2>Idle GPU sweep</h2>${idleHtml(m)}</section>
${m.clusters.length ? `<section id="clusters"><h2>Shared GPU clusters</h2>${clustersHtml(m)}</section>` : ''}
${(extras.sections ?? []).map((s) => `<section><h2>${esc(s.title)}</h2>${s.html}</section>`).join('')}
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

function filters(m: PageModel): string {
  const values = (d: 'model' | 'stage' | 'provider') =>
    [...new Set(m.currencies.flatMap((c) => c.rows.map((r) => r.keys[d])))].sort();
  const select = (d: string, label: string, options: readonly string[]) =>
    `<label>${label} <select data-testid="filter-${d}"><option value="">all</option>${options
      .map((o) => `<option value="${esc(o)}">${esc(o)}</option>`)
      .join('')}</select></label>`;
  return `<form class="filters" onsubmit="return false">${select('model', 'Model', values('model'))}${select(
    'stage',
    'Stage',
    values('stage'),
  )}${select('provider', 'Provider', values('provider'))}${select(
    'currency',
    'Currency',
    m.currencies.map((c) => c.currency),
  )}</form>`;
}

function currencySection(m: PageModel, c: CurrencySection): string {
  const h = c.headline;
  const cur = esc(c.currency);
  const fc = h.forecast
    ? `${withCurrency(h.forecast.point, c.currency)}<small>80% interval ${amount(h.forecast.low)} to ${amount(h.forecast.high)}</small>`
    : '<span class="muted">month complete</span>';
  const delta = change(h.rangeTotal, h.previousTotal);
  const cards = `<div class="cards" data-testid="headline" data-currency="${cur}">
<div><b>Last day</b>${withCurrency(h.lastDayCost, c.currency)}<small>${h.lastDay}</small></div>
<div><b>Month to date</b>${withCurrency(h.monthToDate, c.currency)}<small>${h.month}</small></div>
<div><b>Month-end forecast</b>${fc}</div>
<div><b>This range</b>${withCurrency(h.rangeTotal, c.currency)}<small>${delta ? `${delta} vs ` : 'nothing in '}${h.previousFrom} to ${h.previousTo}</small></div></div>`;
  const providers = `<ul class="providers">${c.byProvider
    .map(
      (p) =>
        `<li>${esc(p.provider)}: <span data-testid="provider-total" data-provider="${esc(p.provider)}" data-currency="${cur}">${amount(p.cost)}</span> ${cur} <span class="muted">${share(p.cost, h.rangeTotal)}</span></li>`,
    )
    .join('')}</ul>`;
  return `<section data-currency="${cur}" id="currency-${cur}"><h2>Spend in ${cur}</h2>${cards}${providers}
${chartHtml(c)}
<h3>Cost by ${m.columns.map((d) => DIM_TITLE[d].toLowerCase()).join(', ')}</h3>${tableHtml(m, c)}
<h3>Untagged spend and tag coverage</h3>${coverageHtml(m, c)}</section>`;
}

function chartHtml(c: CurrencySection): string {
  const d = c.daily;
  const unit = d.grain === 'week' ? 'week (weeks start on Monday)' : 'day';
  const series = d.series.map((s, i) => ({
    name: s.name,
    values: s.values.map(toNumber),
    color: d.others && i === d.series.length - 1 ? GREY : colorAt(i),
  }));
  const multiples = d.series
    .slice(0, Math.min(SMALL_MULTIPLES, d.series.length - (d.others ? 1 : 0)))
    .map(
      (s, i) =>
        `<div class="small"><h4>${esc(s.name)}</h4>${lineChart(d.points, [{ name: `${s.name} per ${d.grain}`, values: s.values.map(toNumber), color: colorAt(i) }])}</div>`,
    )
    .join('');
  return `<h3>Spend per ${unit}, top models stacked${d.others ? `, ${d.others} other models as one grey band` : ''} (${esc(c.currency)})</h3>
${stackedArea(d.points, series)}${multiples ? `<h3>Top models, each on its own scale</h3><div class="multiples">${multiples}</div>` : ''}`;
}

function tableHtml(m: PageModel, c: CurrencySection): string {
  const cur = esc(c.currency);
  const total = c.headline.rangeTotal;
  const cell = (d: TableDimension, v: string) => {
    const name = d === 'subaccount' ? m.subAccountNames.get(v) : undefined;
    const text = v === '' ? '(none)' : v;
    const cls = v === m.query.unattributed ? ' class="warn"' : '';
    return `<td${cls}>${esc(text)}${name ? ` <span class="muted">${esc(name)}</span>` : ''}</td>`;
  };
  const rows = c.rows
    .map(
      (r) =>
        `<tr data-testid="cost-row" ${m.columns.map((d) => `data-${d}="${esc(r.keys[d])}"`).join(' ')} data-currency="${cur}" data-amount="${exact(r.cost)}">${m.columns
          .map((d) => cell(d, r.keys[d]))
          .join('')}<td class="num">${amount(r.cost)}</td><td class="num">${share(r.cost, total)}</td></tr>`,
    )
    .join('');
  const head = m.columns.map((d) => `<th data-sort="${d}">${DIM_TITLE[d]}</th>`).join('');
  return `<div class="scroll"><table class="costs"><thead><tr>${head}<th data-sort="amount" class="num" aria-sort="descending">Cost (${cur})</th><th class="num">Share</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><td colspan="${m.columns.length}">Total of the <span data-testid="row-count">${c.rows.length}</span> rows shown</td><td class="num" data-testid="table-total" data-currency="${cur}">${amount(total)}</td><td></td></tr></tfoot></table></div>`;
}

function coverageHtml(m: PageModel, c: CurrencySection): string {
  const v = c.coverage;
  const cur = esc(c.currency);
  const tagged = v.total - v.untaggedModel;
  const offenders = v.offenders.length
    ? `<table><thead><tr><th>Provider</th><th>Account / project / subscription</th><th>Service</th><th class="num">Without a model tag (${cur})</th><th class="num">Share</th></tr></thead><tbody>${v.offenders
        .map((o) => {
          const name = m.subAccountNames.get(o.subAccountId);
          return `<tr><td>${esc(o.provider)}</td><td>${esc(o.subAccountId || '(none)')}${name ? ` <span class="muted">${esc(name)}</span>` : ''}</td><td>${esc(o.serviceName || '(none)')}</td><td class="num">${amount(o.cost)}</td><td class="num">${share(o.cost, v.total)}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '<p>Every amount has a model from a tag.</p>';
  return `<p>${share(tagged, v.total) || '0%'} of the spend takes its model from a tag. Without a model tag: <b data-testid="untagged" data-currency="${cur}">${amount(v.untaggedModel)}</b> ${cur} (${share(v.untaggedModel, v.total)}), of which ${amount(v.unattributed)} ${cur} has no model at all (${esc(m.query.unattributed)}); the rest a rule or a shared-cost split gives. Without a stage tag: ${amount(v.untaggedStage)} ${cur} (${share(v.untaggedStage, v.total)}).</p>
<h4>Where the spend without a model tag comes from</h4>${offenders}`;
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#111827}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}h4{font-size:13px;margin:10px 0 4px}
.muted{color:#6b7280;font-size:12px}.warn{color:#b45309}.legend span{display:inline-block;margin:2px 10px 2px 0;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.filters{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0;padding:8px;background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px}
.filters select{max-width:220px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin:8px 0}
.cards>div{border:1px solid #e5e7eb;border-radius:6px;padding:8px 10px;font-size:18px}.cards b{display:block;font-size:12px;color:#6b7280;font-weight:600}
.cards small{display:block;font-size:12px;color:#6b7280}
.providers{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:16px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #f3f4f6;text-align:left}
th[data-sort]{cursor:pointer;user-select:none}th[aria-sort=descending]::after{content:' ▼'}th[aria-sort=ascending]::after{content:' ▲'}
.num{text-align:right;font-variant-numeric:tabular-nums}tfoot td{font-weight:600;border-top:2px solid #e5e7eb}
.scroll{max-height:560px;overflow:auto;border:1px solid #f3f4f6}.scroll thead th{position:sticky;top:0;background:#fff}
.multiples{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:8px}.small h4{margin:4px 0}
.slack{border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;margin:8px 0;white-space:pre-wrap;font-size:13px}`;
