import type { GcpSourceConfig } from '../../config/sources-schema.js';
import { statusOf } from '../../core/cloud-call.js';
import type { DayRange } from '../../core/day.js';
import { type DoctorCheck, errorText, failed, passed } from '../../core/doctor.js';
import { explainRefusal } from '../../core/doctor-refusals.js';
import { exportQuery } from './bigquery-mapper.js';
import { gcpBigQueryOf } from './source.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * doctor's BigQuery check: a dry run of the ingest's own query over `range` (the trailing window a
 * scheduled run pulls). A dry run is free, reads nothing, and answers the bytes the query would scan:
 * what each run costs on on-demand pricing.
 */
export function bigQueryCheck(c: GcpSourceConfig, range: DayRange): DoctorCheck {
  const endpoint = c.endpoint ?? 'https://bigquery.googleapis.com';
  const project = c.jobProject ?? c.table.split('.')[0] ?? '';
  return {
    name: 'gcp.bigquery',
    group: 'gcp',
    endpoint,
    async run({ timeoutMs }) {
      const bigquery = gcpBigQueryOf(c, { requestTimeoutMs: timeoutMs });
      const { query, params } = exportQuery(
        {
          table: c.table,
          projects: c.projects,
          labelKeys: c.labelKeys,
          partitionLagDays: c.partitionLagDays,
        },
        range,
      );
      try {
        const [, meta] = await bigquery.createQueryJob({ query, params, useLegacySql: false, dryRun: true });
        const bytes = Number(
          (meta as { statistics?: { totalBytesProcessed?: string } } | undefined)?.statistics
            ?.totalBytesProcessed ?? 0,
        );
        return passed(
          `dry run of the ingest query over ${range.from}..${range.to} would scan ${mb(bytes)} of ${c.table}`,
        );
      } catch (e) {
        if (statusOf(e) === 404)
          return failed(
            errorText(e),
            `check sources.gcp.table (${c.table}): the billing export table must exist and be readable`,
          );
        return explainRefusal(e, {
          cloud: 'gcp',
          permission: 'bigquery.jobs.create',
          role: 'roles/bigquery.jobUser, and roles/bigquery.dataViewer on the export dataset',
          endpoint,
          scope: `project ${project}`,
        });
      }
    },
  };
}
