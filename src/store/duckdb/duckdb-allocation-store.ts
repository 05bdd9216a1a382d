import { type DuckDBConnection, DuckDBDateValue } from '@duckdb/node-api';
import type { AllocationStore, ClusterAllocation } from '../../core/clusters/types.js';
import { dayNumber } from '../../core/day.js';
import { StoreError } from '../errors.js';
import type { DuckDbCostStore } from './duckdb-cost-store.js';
import { isoDay, records } from './records.js';
import { exclusive } from './serial.js';

// Tables created when the cost store opens (schema.ts), never here: see CREATE_SCHEMA.

const NUMBERS = [
  ['cpu_cost', 'cpuCost'],
  ['gpu_cost', 'gpuCost'],
  ['ram_cost', 'ramCost'],
  ['pv_cost', 'pvCost'],
  ['network_cost', 'networkCost'],
  ['load_balancer_cost', 'loadBalancerCost'],
  ['total_cost', 'totalCost'],
  ['gpu_hours', 'gpuHours'],
] as const;

/** OpenCost allocations per cluster and day, in the cost store's DuckDB file (table `allocations`). */
export class DuckDbAllocationStore implements AllocationStore {
  private constructor(private readonly db: DuckDBConnection) {}

  /** Shares the cost store's connection; closing the cost store closes it. */
  static on(store: DuckDbCostStore): Promise<DuckDbAllocationStore> {
    return Promise.resolve(new DuckDbAllocationStore(store.connection));
  }

  async replaceAllocations(
    cluster: string,
    range: { from: string; to: string },
    allocations: readonly ClusterAllocation[],
  ): Promise<void> {
    for (const a of allocations) {
      if (a.cluster !== cluster || a.day < range.from || a.day > range.to)
        throw new StoreError(
          'ALLOCATION_OUTSIDE_RANGE',
          `allocation ${a.name} of ${a.cluster} on ${a.day} lies outside ${cluster} ${range.from}..${range.to}`,
        );
    }
    await exclusive(this.db, async () => {
      // One transaction: readers see the old day or the new one, never a mix.
      await this.db.run('BEGIN TRANSACTION');
      try {
        await this.db.run(
          'DELETE FROM allocations WHERE cluster = $cluster AND day BETWEEN $from::DATE AND $to::DATE',
          {
            cluster,
            from: range.from,
            to: range.to,
          },
        );
        const appender = await this.db.createAppender('allocations');
        try {
          for (const a of allocations) {
            appender.appendVarchar(a.cluster);
            appender.appendDate(new DuckDBDateValue(dayNumber(a.day)));
            for (const v of [a.name, a.namespace, a.controllerKind, a.controller, a.pod])
              appender.appendVarchar(v);
            appender.appendVarchar(JSON.stringify(a.labels));
            appender.appendVarchar(JSON.stringify(a.namespaceLabels));
            appender.appendBoolean(a.idle);
            for (const [, k] of NUMBERS) appender.appendDouble(a[k]);
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        await this.db.run('COMMIT');
      } catch (cause) {
        await this.db.run('ROLLBACK');
        if (cause instanceof StoreError) throw cause;
        throw new StoreError(
          'ALLOCATION_WRITE_FAILED',
          `cannot store the allocations of ${cluster}: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
    });
  }

  async queryAllocations(q: {
    from: string;
    to: string;
    clusters?: readonly string[];
  }): Promise<ClusterAllocation[]> {
    if (q.clusters && q.clusters.length === 0) return [];
    const clusters = q.clusters ? ` AND cluster IN (${q.clusters.map((_, i) => `$c${i}`).join(', ')})` : '';
    const params: Record<string, string> = { from: q.from, to: q.to };
    q.clusters?.forEach((c, i) => {
      params[`c${i}`] = c;
    });
    const reader = await exclusive(this.db, () =>
      this.db.runAndReadAll(
        `SELECT cluster, ${isoDay('day')} AS day, name, namespace, controller_kind AS "controllerKind", controller, pod,
                CAST(labels AS VARCHAR) AS labels, CAST(namespace_labels AS VARCHAR) AS "namespaceLabels", idle,
                ${NUMBERS.map(([c, k]) => `${c} AS "${k}"`).join(', ')}
         FROM allocations WHERE day BETWEEN $from::DATE AND $to::DATE${clusters}
         ORDER BY cluster, day, name`,
        params,
      ),
    );
    return records<ClusterAllocation & { labels: string; namespaceLabels: string }>(reader).map((r) => ({
      ...r,
      labels: JSON.parse(r.labels as unknown as string) as Record<string, string>,
      namespaceLabels: JSON.parse(r.namespaceLabels as unknown as string) as Record<string, string>,
    }));
  }
}
