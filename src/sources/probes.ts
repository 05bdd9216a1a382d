import type { SourcesConfig } from '../config/sources-schema.js';
import type { DayRange } from '../core/day.js';
import type { DoctorCheck } from '../core/doctor.js';
import { costExplorerCheck } from './aws/probe.js';
import { costManagementCheck } from './azure/probe.js';
import { bigQueryCheck } from './gcp/probe.js';

/**
 * doctor's checks of the enabled live sources: `day` is the one day Cost Explorer and Cost Management
 * are asked about, `window` the range a scheduled run pulls (BigQuery's dry run scans it).
 */
export function sourceChecks(c: SourcesConfig, o: { day: string; window: DayRange }): DoctorCheck[] {
  return [
    ...(c.aws?.enabled ? [costExplorerCheck(c.aws, o.day)] : []),
    ...(c.gcp?.enabled ? [bigQueryCheck(c.gcp, o.window)] : []),
    ...(c.azure?.enabled ? [costManagementCheck(c.azure, o.day)] : []),
  ];
}
