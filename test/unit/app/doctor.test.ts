import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/app/doctor.js';
import { type DoctorCheck, failed, passed } from '../../../src/core/doctor.js';

const check = (name: string, group: DoctorCheck['group'], run: DoctorCheck['run']): DoctorCheck => ({
  name,
  group,
  endpoint: `https://${name}.example`,
  run,
});
const resolveIn = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('runDoctor', () => {
  it('keeps the checks in order whatever order they end in, and reports each end', async () => {
    const ended: string[] = [];
    const results = await runDoctor({
      timeoutMs: 1_000,
      checks: [
        check('slow', 'aws', () => resolveIn(40, passed('slow ok'))),
        check('fast', 'gcp', () => resolveIn(1, failed('no', 'grant it'))),
      ],
      onDone: (r, done, total) => ended.push(`${r.name} ${done}/${total}`),
    });
    expect(results.map(({ ms: _, ...r }) => r)).toEqual([
      { name: 'slow', ok: true, detail: 'slow ok' },
      { name: 'fast', ok: false, detail: 'no', fix: 'grant it' },
    ]);
    expect(ended).toEqual(['fast 1/2', 'slow 2/2']);
  });

  it('runs the checks side by side: the slowest sets the pace, not the sum', async () => {
    const started = performance.now();
    await runDoctor({
      timeoutMs: 2_000,
      checks: ['a', 'b', 'c', 'd'].map((n, i) =>
        check(n, i % 2 ? 'aws' : 'azure', () => resolveIn(150, passed(n))),
      ),
    });
    expect(performance.now() - started).toBeLessThan(450);
  });

  it('a check past its time fails naming its endpoint, and its call is aborted', async () => {
    let aborted = false;
    const [r] = await runDoctor({
      timeoutMs: 50,
      checks: [
        check('hung', 'slack', ({ signal }) => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          return new Promise(() => {});
        }),
      ],
    });
    expect(r).toMatchObject({ ok: false, detail: 'no answer from https://hung.example within 0.1 s' });
    expect(r?.fix).toMatch(/make https:\/\/hung\.example reachable/);
    expect(aborted).toBe(true);
  });

  it('a check that throws fails with the error; a network error names the endpoint', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const results = await runDoctor({
      timeoutMs: 1_000,
      checks: [
        check('boom', 'aws', async () => {
          throw new Error('unexpected answer');
        }),
        check('net', 'gcp', async () => {
          throw refused;
        }),
      ],
    });
    expect(results[0]).toMatchObject({ ok: false, detail: 'unexpected answer' });
    expect(results[1]).toMatchObject({
      ok: false,
      detail: 'cannot reach https://net.example (ECONNREFUSED)',
    });
  });
});
