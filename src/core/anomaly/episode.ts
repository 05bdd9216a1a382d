/** The open anomaly and the day-to-day state of the rules that span days. */
export class Episode {
  /** Direction of the open anomaly: 1 up, -1 down, 0 none. */
  dir = 0;
  /** The open anomaly's excess when it alerted. */
  peak = 0;
  /** Days back within half the threshold since. */
  calm = 0;
  /** The two-day rule: the last judged day's direction beyond PERSIST (0 when not), and that day. */
  warmDir = 0;
  warmDay = Number.NaN;
  /** The last day the run tolerance covered. */
  coveredDay = Number.NaN;

  reset(): this {
    this.dir = 0;
    this.peak = 0;
    this.calm = 0;
    this.warmDir = 0;
    this.warmDay = Number.NaN;
    this.coveredDay = Number.NaN;
    return this;
  }
}
