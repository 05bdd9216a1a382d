import { SingleBar } from 'cli-progress';
import type { Io } from './output.js';

/** Files smaller than this import in a blink; a bar would only flicker. */
export const PROGRESS_MIN_BYTES = 5 * 1024 * 1024;

export interface Progress {
  update(fraction: number, label?: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/** A progress bar on stderr when it is a terminal and the work is big enough; otherwise silent. */
export function progressBar(io: Io, totalBytes: number, title: string): Progress {
  if (!io.errIsTty || totalBytes < PROGRESS_MIN_BYTES) return silent;
  const bar = new SingleBar({
    // No ETA: DuckDB's progress moves in steps, and cli-progress shows "NFs" until it has two points.
    format: `${title} [{bar}] {percentage}% | {label} | {done} of {size} MB | {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  });
  const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
  bar.start(1000, 0, { label: '', done: '0', size: mb(totalBytes) });
  return {
    update(fraction, label) {
      bar.update(Math.round(fraction * 1000), { label: label ?? '', done: mb(fraction * totalBytes) });
    },
    stop() {
      bar.stop();
    },
  };
}
