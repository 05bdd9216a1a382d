import type { IdleConfig } from '../config/idle-schema.js';
import type { DoctorCheck } from '../core/doctor.js';
import { cloudWatchCheck, ec2Check } from './aws/probe.js';
import { azureComputeCheck, azureMonitorCheck } from './azure/probe.js';
import { gceCheck, monitoringCheck } from './gcp/probe.js';

/** doctor's checks of the configured idle fleets: listing instances and reading metrics, per cloud. */
export function fleetChecks(c: IdleConfig): DoctorCheck[] {
  return [
    ...(c.aws ? [ec2Check(c.aws), cloudWatchCheck(c.aws)] : []),
    ...(c.gcp ? [gceCheck(c.gcp), monitoringCheck(c.gcp)] : []),
    ...(c.azure ? [azureComputeCheck(c.azure), azureMonitorCheck(c.azure)] : []),
  ];
}
