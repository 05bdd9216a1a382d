import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AllocationStore,
  type ClusterAllocation,
  compareAllocations,
} from '../../core/clusters/types.js';
import { addDays } from '../../core/day.js';
import { StoreError } from '../errors.js';
import { batchWrite, type DynamoTable, queryAll, SEP } from './table.js';

/**
 * OpenCost allocations. pk `ALLOC#<cluster>`: per day a pointer item (sk `<day>`, `version`) and the
 * chunks of each version (sk `<day>␟<version>␟<n>`, the day's allocations as JSON: an item holds at
 * most 400 KB). A day is replaced by writing the new version's chunks, then moving the pointer (one
 * PutItem: readers see the old day or the new one, never a mix), then deleting the old chunks; a
 * reader skips chunks the pointer does not name (a run that died half-way leaves only those).
 * pk `ALLOCS`, sk `<cluster>` lists the clusters.
 */
const CHUNK_CHARS = 300_000;

export class DynamoDbAllocationStore implements AllocationStore {
  constructor(private readonly t: DynamoTable) {}

  async replaceAllocations(
    cluster: string,
    range: { from: string; to: string },
    allocations: readonly ClusterAllocation[],
  ): Promise<void> {
    const byDay = new Map<string, ClusterAllocation[]>();
    for (const a of allocations) {
      if (a.cluster !== cluster || a.day < range.from || a.day > range.to)
        throw new StoreError(
          'ALLOCATION_OUTSIDE_RANGE',
          `allocation ${a.name} of ${a.cluster} on ${a.day} lies outside ${cluster} ${range.from}..${range.to}`,
        );
      byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
    }
    const pk = `ALLOC#${cluster}`;
    await this.t.doc.send(new PutCommand({ TableName: this.t.name, Item: { pk: 'ALLOCS', sk: cluster } }));
    const old = await this.items(cluster, range);
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
      const version = randomUUID().slice(0, 8);
      const items = chunked(byDay.get(day) ?? []).map((json, i) => ({
        put: { pk, sk: `${day}${SEP}${version}${SEP}${String(i).padStart(4, '0')}`, json },
      }));
      await batchWrite(this.t, items);
      await this.t.doc.send(new PutCommand({ TableName: this.t.name, Item: { pk, sk: day, version } }));
      const stale = old.filter((i) => (i.sk as string).startsWith(`${day}${SEP}`));
      await batchWrite(
        this.t,
        stale.map((i) => ({ delete: { pk, sk: i.sk as string } })),
      );
    }
  }

  private items(cluster: string, q: { from: string; to: string }) {
    return queryAll(this.t, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `ALLOC#${cluster}`, ':from': q.from, ':to': `${q.to}${SEP}\uffff` },
    });
  }

  async queryAllocations(q: {
    from: string;
    to: string;
    clusters?: readonly string[];
  }): Promise<ClusterAllocation[]> {
    const clusters =
      q.clusters ??
      (
        await queryAll(this.t, {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'ALLOCS' },
        })
      ).map((i) => i.sk as string);
    const out: ClusterAllocation[] = [];
    for (const cluster of [...clusters].sort()) {
      const items = await this.items(cluster, q);
      const live = new Set(
        items
          .filter((i) => typeof i.version === 'string')
          .map((i) => `${i.sk as string}${SEP}${i.version as string}${SEP}`),
      );
      for (const i of items) {
        const sk = i.sk as string;
        if (typeof i.json !== 'string' || !live.has(sk.slice(0, sk.lastIndexOf(SEP) + 1))) continue;
        out.push(...(JSON.parse(i.json) as ClusterAllocation[]));
      }
    }
    return out.sort(compareAllocations);
  }
}

/** The day's allocations as JSON arrays of at most CHUNK_CHARS characters each (none for an empty day). */
function chunked(allocations: readonly ClusterAllocation[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let size = 2;
  for (const a of allocations) {
    const json = JSON.stringify(a);
    if (part.length && size + json.length + 1 > CHUNK_CHARS) {
      out.push(`[${part.join(',')}]`);
      part = [];
      size = 2;
    }
    part.push(json);
    size += json.length + 1;
  }
  if (part.length) out.push(`[${part.join(',')}]`);
  return out;
}
