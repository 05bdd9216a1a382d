/** Base of every costguard error: a stable `code` for scripts and the original `cause`. */
export class CostguardError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input a user gave (flag, date, file) is invalid; the message says what to change. */
export class InvalidInputError extends CostguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}
