import { runDoctor } from '../../app/doctor.js';
import { placeholdersIn } from '../../config/init-template.js';
import { loadConfig } from '../../config/load.js';
import { utcDay } from '../../core/day.js';
import type { CheckResult } from '../../core/doctor.js';
import { CostguardError, InvalidInputError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { paint } from '../output.js';
import { doctorChecks } from '../wiring.js';

export interface DoctorOptions {
  config?: string;
  format?: string;
  /** Seconds each check may take. */
  timeout?: string;
}

/**
 * `costguard doctor`: one cheap read-only call per configured source, idle fleet and Slack, with the
 * SDK clients the other commands use; one line per check and, for each failure, the fix. Exit 1 when
 * a check fails, 2 when there is nothing to check or an option is wrong.
 */
export async function runDoctorCommand(ctx: CliContext, opts: DoctorOptions): Promise<CheckResult[]> {
  const format = opts.format ?? (ctx.io.isTty ? 'table' : 'json');
  if (format !== 'table' && format !== 'json')
    throw new InvalidInputError(`--format takes table or json; got "${opts.format}".`);
  const seconds = Number(opts.timeout ?? '20');
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidInputError(`--timeout takes a number of seconds; got "${opts.timeout}".`);
  const config = loadConfig(opts.config);
  const checks = await doctorChecks(config, { today: utcDay(ctx.clock.now()), env: process.env });
  if (checks.length === 0)
    throw new InvalidInputError(
      'nothing to check: the config has no sources.aws/gcp/azure, idle.aws/gcp/azure or slack section ' +
        '(`costguard init` writes one).',
    );
  if (ctx.io.errIsTty)
    ctx.io.err(`doctor: ${checks.length} checks (${checks.map((c) => c.name).join(', ')})`);
  const results = await runDoctor({
    checks,
    timeoutMs: seconds * 1000,
    onDone: (r, done, total) => {
      if (ctx.io.errIsTty) ctx.io.err(`  ${done}/${total} ${r.name} ${r.ok ? 'ok' : 'FAILED'} (${r.ms} ms)`);
    },
  });
  // Values init left as REPLACE-ME would reach the clouds as they are: a failing check of their own.
  const left = placeholdersIn(config);
  if (left.length)
    results.unshift({
      name: 'config.placeholders',
      ok: false,
      detail: `${left.length} value(s) still as \`costguard init\` wrote them: ${left.join(', ')}`,
      fix: `fill them in ${opts.config ?? 'costguard.config.yaml'} (\`costguard config check\` lists them too)`,
      ms: 0,
    });
  if (format === 'json') ctx.io.out(JSON.stringify(doctorJson(results)));
  else ctx.io.out(doctorTable(ctx, results));
  const bad = results.filter((r) => !r.ok);
  if (bad.length)
    throw new CostguardError(
      'DOCTOR_FAILED',
      `${bad.length} of ${results.length} checks failed: ${bad.map((r) => r.name).join(', ')}`,
    );
  return results;
}

/** The JSON scripts read: a failure's fix is part of its detail. */
export function doctorJson(results: readonly CheckResult[]) {
  return {
    checks: results.map((r) => ({
      name: r.name,
      ok: r.ok,
      detail: r.fix ? `${r.detail}. Fix: ${r.fix}` : r.detail,
    })),
  };
}

function doctorTable(ctx: CliContext, results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = results.flatMap((r) => {
    const verdict = r.ok ? paint(ctx.io, 'green', 'pass') : paint(ctx.io, 'red', 'FAIL');
    const line = `${verdict}  ${r.name.padEnd(width)}  ${r.detail}`;
    return r.fix ? [line, `${' '.repeat(width + 8)}fix: ${r.fix}`] : [line];
  });
  const bad = results.filter((r) => !r.ok).length;
  lines.push('', bad ? `${bad} of ${results.length} checks failed.` : `All ${results.length} checks passed.`);
  return lines.join('\n');
}
