import { allocationOf, type ClusterAllocation, compareAllocations } from '../../core/clusters/types.js';
import type { DayRange } from '../../core/day.js';
import { isDay } from '../../core/day.js';
import { InvalidInputError } from '../../core/errors.js';

/**
 * OpenCost's CSV export (its exporter's `EXPORT_CSV_FILE`, pkg/costmodel/csv_export.go): one row per
 * day and container, columns Date, Namespace, ControllerKind, ControllerName, Pod, Container, usage
 * averages, CPUCost, RAMCost, NetworkCost, PVCost, GPUCost, TotalCost, then optionally `Labels` (all
 * labels as JSON) and `Label_<key>` columns. Columns come in any order: the exporter merges a new
 * header into an old file's. It has no idle rows and no GPU-hours.
 */
const REQUIRED = ['Date', 'Namespace'] as const;
const COSTS = ['CPUCost', 'RAMCost', 'GPUCost', 'PVCost', 'NetworkCost', 'TotalCost'] as const;

/** RFC 4180 fields: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new InvalidInputError('the CSV ends inside a quoted field.');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** The allocations of an OpenCost CSV export, summed per day and pod, and the days it covers. */
export function readOpenCostCsv(
  text: string,
  cluster: string,
): { allocations: ClusterAllocation[]; range: DayRange } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new InvalidInputError('the OpenCost CSV export is empty.');
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = [...REQUIRED, 'TotalCost'].filter((c) => !col.has(c));
  if (missing.length)
    throw new InvalidInputError(
      `not an OpenCost CSV export: no ${missing.join(', ')} column (header: ${header.slice(0, 8).join(',')}).`,
    );
  const labelColumns = header
    .map((h, i) => [h.trim(), i] as const)
    .filter(([h]) => h.startsWith('Label_'))
    .map(([h, i]) => [h.slice('Label_'.length), i] as const);
  const byPod = new Map<string, ClusterAllocation>();
  rows.forEach((r, n) => {
    const line = n + 2;
    const get = (c: string) => (col.has(c) ? (r[col.get(c) as number] ?? '').trim() : '');
    const day = get('Date');
    if (!isDay(day)) throw new InvalidInputError(`line ${line}: Date "${day}" is not a YYYY-MM-DD day.`);
    const number = (c: string): number => {
      const v = get(c);
      if (v === '') return 0;
      const x = Number(v);
      // The exporter prints NaN for costs it could not compute: no weight.
      if (v === 'NaN') return 0;
      if (!Number.isFinite(x)) throw new InvalidInputError(`line ${line}: ${c} "${v}" is not a number.`);
      return x;
    };
    const labels: Record<string, string> = {};
    const all = get('Labels');
    if (all) {
      try {
        Object.assign(labels, JSON.parse(all) as Record<string, string>);
      } catch {
        throw new InvalidInputError(`line ${line}: Labels is not JSON: ${all.slice(0, 60)}`);
      }
    }
    for (const [k, i] of labelColumns) if ((r[i] ?? '') !== '') labels[k] = r[i] as string;
    const namespace = get('Namespace');
    const controller = get('ControllerName');
    const pod = get('Pod');
    const name = [namespace, controller, pod].join('/');
    const key = `${day}\u001f${name}`;
    const a =
      byPod.get(key) ??
      allocationOf({
        cluster,
        day,
        name,
        namespace,
        controllerKind: get('ControllerKind'),
        controller,
        pod,
        labels,
      });
    const [cpu, ram, gpu, pv, net, total] = COSTS.map(number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    a.cpuCost += cpu;
    a.ramCost += ram;
    a.gpuCost += gpu;
    a.pvCost += pv;
    a.networkCost += net;
    a.totalCost += total;
    byPod.set(key, a);
  });
  const allocations = [...byPod.values()].sort(compareAllocations);
  const first = allocations[0];
  const last = allocations.at(-1);
  if (!first || !last) throw new InvalidInputError('the OpenCost CSV export has no rows.');
  return { allocations, range: { from: first.day, to: last.day } };
}
