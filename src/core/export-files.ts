import type { CostLine } from './cost-line.js';

/** What reading one export file found, besides its lines. */
export interface ExportReadStats {
  /** Source rows read. */
  rows: number;
  bytes: number;
  /** The billing periods the file's lines declare, [first day, last day]. */
  periods: [string, string][];
}

/** One described export file, ready to be read once. */
export interface ExportFile {
  file: string;
  bytes: number;
  /** Azure: 'actual' or 'amortized' cost file. */
  variant?: string;
  /**
   * Yields the file's cost lines and returns its stats. Throws (naming file, line and column where
   * they can be known) before yielding anything. `onProgress` gets the fraction (0..1) read.
   */
  read(options: {
    now: Date;
    onProgress?: (fraction: number) => void;
  }): AsyncGenerator<CostLine, ExportReadStats>;
}

/** Export files of one format, described before any is read; `close` frees the reader. */
export interface ExportBatch {
  format: string;
  files: readonly ExportFile[];
  /** The files hold no billed cost (Azure amortized cost without the actual-cost files). */
  billedUnavailable?: boolean;
  close(): void;
}

/**
 * Opens billing export files (FOCUS, CUR, Google and Azure exports) for one import: every file is
 * described first, and a batch of mixed formats or an unreadable header is refused before any read.
 * `format` forces a format instead of detecting it from each header.
 */
export type OpenExports = (files: readonly string[], format?: string) => Promise<ExportBatch>;
