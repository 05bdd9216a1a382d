import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { type FileEngine, openFileEngine } from '../../../../src/sources/files/engine.js';
import { FileImportError } from '../../../../src/sources/files/errors.js';
import { type ReadStats, readExportFile } from '../../../../src/sources/files/focus-reader.js';
import type { FormatName } from '../../../../src/sources/files/line-source.js';

/** The FOCUS columns a small test file has, in order; `Tags` last. */
export const HEADER = [
  'ChargePeriodStart',
  'ProviderName',
  'BillingAccountId',
  'SubAccountId',
  'ServiceName',
  'RegionId',
  'ResourceId',
  'ChargeCategory',
  'BillingCurrency',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'Tags',
] as const;

export type Row = Partial<Record<string, string>>;

const DEFAULTS: Row = {
  ChargePeriodStart: '2024-09-01 10:00:00',
  ProviderName: 'AWS',
  BillingAccountId: '1234567890123',
  SubAccountId: '51738928782',
  ServiceName: 'Amazon Elastic Compute Cloud',
  RegionId: 'us-east-1',
  ResourceId: 'i-0abc',
  ChargeCategory: 'Usage',
  BillingCurrency: 'USD',
  BilledCost: '1.00000000000',
  EffectiveCost: '1.00000000000',
  ListCost: '1.00000000000',
  Tags: '{"model": "llama3-70b", "env": "prod"}',
};

const quoted = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * CSV text of `rows` over `header` (defaults filled in). Values with quotes or commas are quoted as
 * the FOCUS sample quotes them; Tags JSON always has some.
 */
export function csvText(rows: Row[], header: readonly string[] = HEADER): string {
  const body = rows.map((r) => header.map((h) => quoted(r[h] ?? DEFAULTS[h] ?? '')).join(','));
  return `${[header.join(','), ...body].join('\n')}\n`;
}

/** A temp directory for one test file's inputs, and the engine that reads them. */
export function workspace(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `costguard-${prefix}-`));
  let engine: FileEngine | undefined;
  const open = async () => {
    engine ??= await openFileEngine({ threads: 2 });
    return engine;
  };
  return {
    dir,
    path: (name: string) => join(dir, name),
    write(name: string, content: string | Uint8Array) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    async engine() {
      return open();
    },
    /** Reads `file` as FOCUS, as `format`, or as its header says ('detect'). */
    async read(
      file: string,
      format: FormatName | 'detect' = 'focus',
    ): Promise<{ lines: CostLine[]; stats: ReadStats }> {
      const e = await open();
      const lines: CostLine[] = [];
      const reader = readExportFile(e.conn, file, format === 'detect' ? {} : { format });
      let step = await reader.next();
      for (; !step.done; step = await reader.next()) lines.push(step.value);
      return { lines, stats: step.value };
    },
    /** The error reading `file` throws; fails if it reads without one. */
    async readError(file: string, format: FormatName | 'detect' = 'focus'): Promise<unknown> {
      try {
        await this.read(file, format);
      } catch (e) {
        return e;
      }
      throw new Error(`${file} was read without an error`);
    },
    async fileError(file: string, format: FormatName | 'detect' = 'focus'): Promise<FileImportError> {
      const e = await this.readError(file, format);
      if (e instanceof FileImportError) return e;
      throw e;
    },
    close() {
      engine?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
