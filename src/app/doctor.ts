import {
  type CheckGroup,
  type CheckResult,
  type DoctorCheck,
  errorText,
  networkFailure,
  unreachable,
} from '../core/doctor.js';

export interface DoctorOptions {
  checks: readonly DoctorCheck[];
  /** Each check gives up after this long (its call is aborted) and fails naming its endpoint. */
  timeoutMs: number;
  /** Called as each check ends (the CLI's progress on a terminal). */
  onDone?: (r: CheckResult, done: number, total: number) => void;
  /** Milliseconds since some origin, for the checks' durations; injected so tests need no clock. */
  now?: () => number;
}

/**
 * Runs every check: the groups (aws, gcp, azure, slack) side by side and the checks of a group side by
 * side too (each is one cheap read), each under its own timeout. A check that throws instead of
 * answering fails with the error's text; an unreachable endpoint is named. Results keep the checks'
 * order, whatever order they end in.
 */
export async function runDoctor(o: DoctorOptions): Promise<CheckResult[]> {
  const now = o.now ?? (() => performance.now());
  const groups = new Map<CheckGroup, DoctorCheck[]>();
  for (const c of o.checks) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const results = new Map<DoctorCheck, CheckResult>();
  let done = 0;
  await Promise.all(
    [...groups.values()].map((checks) =>
      Promise.all(
        checks.map(async (check) => {
          const r = await runOne(check, o.timeoutMs, now);
          results.set(check, r);
          done += 1;
          o.onDone?.(r, done, o.checks.length);
        }),
      ),
    ),
  );
  return o.checks.map((c) => results.get(c) as CheckResult);
}

async function runOne(check: DoctorCheck, timeoutMs: number, now: () => number): Promise<CheckResult> {
  const started = now();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error(`no answer within ${timeoutMs} ms`));
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      check.run({ signal: abort.signal, timeoutMs }).catch((e: unknown) => {
        const code = networkFailure(e);
        return code
          ? unreachable(check.endpoint, code)
          : { ok: false as const, detail: errorText(e), fix: 'see the error above' };
      }),
      timedOut,
    ]);
    const ms = Math.round(now() - started);
    if (outcome === 'timeout') {
      return {
        name: check.name,
        ok: false,
        detail: `no answer from ${check.endpoint} within ${(timeoutMs / 1000).toFixed(1)} s`,
        fix: `make ${check.endpoint} reachable from this machine (or raise --timeout if it is only slow)`,
        ms,
      };
    }
    return outcome.ok
      ? { name: check.name, ok: true, detail: outcome.detail, ms }
      : { name: check.name, ok: false, detail: outcome.detail, fix: outcome.fix, ms };
  } finally {
    clearTimeout(timer);
  }
}
