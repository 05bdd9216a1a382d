import { FLAG } from './detector-flags.js';

// One anomaly, one alert: the open anomaly of a series, and the day-to-day memory of the rules that
// span days (the two-day rule, a run's covered days).

/** An open anomaly alerts again only when its excess grows this many times over the first alert's. */
export const REALERT = 2;

/** An anomaly is over after this many days in a row back within half the threshold. */
export const CALM_DAYS = 3;

/** The open anomaly and the state of the rules that span days; reset for every series. */
export class Episode {
  /** Direction of the open anomaly: 1 up, -1 down, 0 none. */
  direction = 0;
  /** The open anomaly's excess over its expectation on the day it alerted. */
  alertExcess = 0;
  /** Days in a row back within half the threshold since the anomaly's last day. */
  calmDays = 0;
  /** The two-day rule: the last judged day's direction when beyond PERSIST of a threshold (0 when not). */
  warmDirection = 0;
  /** The two-day rule: that day's number. */
  warmDay = Number.NaN;
  /** The last day the series' recurring runs covered (a run's later days, see isWithinRecurringRuns). */
  coveredRunDay = Number.NaN;

  reset(): this {
    this.direction = 0;
    this.alertExcess = 0;
    this.calmDays = 0;
    this.warmDirection = 0;
    this.warmDay = Number.NaN;
    this.coveredRunDay = Number.NaN;
    return this;
  }
}

/**
 * One anomaly, one alert: an alerting day in the open anomaly's direction is a later day of it
 * (`ongoing`) unless its excess more than doubled; a run beyond the job's largest while a rise is open
 * is that rise (a price change makes the next run larger too). Any other is a new anomaly's onset.
 * Updates the episode and returns the day's flag.
 */
export function flagInEpisode(ep: Episode, direction: number, excess: number, runBeyondJobs: boolean) {
  let flag: number = FLAG.alert;
  if (ep.direction === direction && (excess <= REALERT * ep.alertExcess || runBeyondJobs))
    flag = FLAG.ongoing;
  else ep.alertExcess = excess;
  ep.direction = direction;
  ep.calmDays = 0;
  return flag;
}

/**
 * A day that does not alert: the open anomaly is over after CALM_DAYS days in a row back within half
 * the threshold (`score` in the anomaly's direction beyond half of `threshold` starts the count again).
 */
export function calmDown(ep: Episode, score: number, threshold: number): void {
  if (ep.direction === 0) return;
  if (Math.sign(score) === ep.direction && Math.abs(score) >= threshold / 2) ep.calmDays = 0;
  else if (++ep.calmDays >= CALM_DAYS) ep.direction = 0;
}
