/** One structured JSON line per entry (CloudWatch Logs Insights parses it). Never pass secrets. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));

export function jsonLogger(
  fn: string,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const log = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) =>
    write(json({ level, fn, message, time: new Date().toISOString(), ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
