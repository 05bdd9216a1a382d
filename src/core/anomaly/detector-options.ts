/**
 * The detector's fixed defaults. They are the same for every data set (the benchmark rules forbid
 * tuning per data set); config can change thresholds, impact floor and drops for the store mode.
 *
 * How they were chosen (before looking at any benchmark score): 28 days is four whole weeks, so every
 * weekday weighs the same in the level and the weekday view has four same weekdays; 4 is the robust
 * z of the benchmark's reference detector; the weekday view compares with a median of only four values
 * and is the second of two tests, so it asks one more (5).
 */
export interface DetectorOptions {
  /** Level view: robust z-score against the recent daily level an alert needs. */
  threshold: number;
  /** Weekday view: robust z-score of the day's residual from its usual weekday value. */
  weekdayThreshold: number;
  /** Absolute impact floor, in the series' currency per day. */
  minImpact: number;
  /** Report drops (actual below expected) as well as spikes. */
  drops: boolean;
  /** Days of history a day needs before it is judged (calendar days, at least half of them observed). */
  minHistory: number;
  /** Days in the level window, and in the window of past weekday residuals. */
  window: number;
  /** Same weekdays (weeks back) whose median is the usual value for a weekday. */
  weeks: number;
  /** Days of memory for recurring bursts (training runs). */
  burstWindow: number;
}
