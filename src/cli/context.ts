import type { Clock } from '../core/ports.js';
import type { Io } from './output.js';

/** What every command gets: where to write and what time it is. */
export interface CliContext {
  io: Io;
  clock: Clock;
}

export const systemClock: Clock = { now: () => new Date() };
