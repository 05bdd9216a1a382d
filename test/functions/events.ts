import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../src/lambda/logger.js';

/** A recorded event shape from test/fixtures/events/ (fresh copy each call). */
export function event<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'events', `${name}.json`), 'utf8'),
  );
}

/** A logger that keeps the lines, so tests can read what the function logged. */
export function memoryLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const log = (level: string) => (message: string) => lines.push({ level, message });
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}
