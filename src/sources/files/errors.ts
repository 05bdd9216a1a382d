import { CostguardError } from '../../core/errors.js';

export type FileErrorCode =
  | 'FILE_NOT_FOUND'
  | 'UNSUPPORTED_FILE'
  | 'MISSING_COLUMNS'
  | 'REPEATED_COLUMN'
  | 'UNKNOWN_FORMAT'
  | 'MIXED_FORMATS'
  | 'BAD_VALUE'
  | 'UNREADABLE_FILE'
  | 'NOT_UTF8';

/** A billing export could not be imported. Nothing from the import is written when this is thrown. */
export class FileImportError extends CostguardError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  constructor(
    code: FileErrorCode,
    message: string,
    where: { file: string; line?: number; column?: string },
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}
