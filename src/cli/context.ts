import type { Clock } from '../core/ports.js';
import type { Io } from './output.js';
import type { CliWiring } from './wiring.js';

/**
 * What every command gets: where to write and what time it is; inside `costguard run` and the demo
 * also the wiring every step shares (one store, opened once).
 */
export interface CliContext {
  io: Io;
  clock: Clock;
  wiring?: CliWiring;
  /** `--lock-wait`: seconds to wait for a store another process holds (else store.lockWaitSeconds). */
  lockWaitSeconds?: number | undefined;
}

export const systemClock: Clock = { now: () => new Date() };
