/** Base of every costguard error: a stable `code` for scripts and the original `cause`. */
export class CostguardError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The code and message a result reports for a failure (a run goes on after it): `ERROR` when it has no code. */
export function errorSummary(e: unknown): { code: string; message: string } {
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'ERROR';
  return { code, message: e instanceof Error ? e.message : String(e) };
}

/** Input a user gave (flag, date, file) is invalid; the message says what to change. */
export class InvalidInputError extends CostguardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
}
