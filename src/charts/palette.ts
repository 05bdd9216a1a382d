// The one palette of every chart (the HTML page and the Slack PNG): Okabe-Ito, distinguishable with
// the common colour-vision deficiencies; grey is kept for "other" and for untagged spend.

export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;

/** "Other" (the rest summed) and unattributed spend. */
export const GREY = '#999999';

/** Alerts, budget lines and anomaly markers. */
export const ALERT = '#D55E00';

/** The colour of the i-th series. */
export const colorAt = (i: number): string => PALETTE[i % PALETTE.length] as string;

/** Stages always get the same colours, on every chart. */
export const STAGE_COLORS: Readonly<Record<string, string>> = {
  train: PALETTE[0],
  eval: PALETTE[3],
  serve: PALETTE[2],
  dev: PALETTE[1],
  unattributed: GREY,
};
