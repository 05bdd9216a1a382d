import { afterEach, describe, expect, it, vi } from 'vitest';
import { logSink } from '../../../functions/detect.js';
import { lambdaLogger } from '../../../src/lambda/logger.js';

/** The JSON lines written to stdout and stderr (both go to CloudWatch Logs) while `act` runs. */
async function linesOf(act: () => unknown): Promise<Record<string, unknown>[]> {
  const out: string[] = [];
  const keep = (chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
  ];
  try {
    await act();
  } finally {
    for (const s of spies) s.mockRestore();
  }
  return out
    .join('')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('lambdaLogger (Powertools)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one JSON line per entry: level, message, the function as service, the fields', async () => {
    // Act
    const lines = await linesOf(() =>
      lambdaLogger('detect').info('detect done', { day: '2026-11-20', spend: 12_345_678n }),
    );
    // Assess: bigints (micro-units) as strings, not a TypeError
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'detect done',
      service: 'costguard-detect',
      day: '2026-11-20',
      spend: '12345678',
    });
    expect(typeof lines[0]?.timestamp).toBe('string');
  });

  it('keeps an Error field readable and works with a level chosen as a value', async () => {
    // Prepare: the idle sweep calls `(failed ? log.error : log.info)(...)`, detached from the object
    const log = lambdaLogger('ingest');
    const pick = log.error;
    // Act
    const lines = await linesOf(() =>
      pick('source done', { error: new Error('AccessDenied: ce:GetCostAndUsage') }),
    );
    // Assess
    expect(lines[0]).toMatchObject({ level: 'ERROR', message: 'source done' });
    expect(lines[0]?.error).toMatchObject({ name: 'Error', message: 'AccessDenied: ce:GetCostAndUsage' });
  });

  it("logs a budget alert's text (a field named `message` would be dropped by Powertools)", async () => {
    // Act
    const lines = await linesOf(() =>
      logSink(lambdaLogger('detect')).budget(
        {
          budget: 'gpu',
          message: 'gpu is at 91% of its monthly budget',
        } as never,
        undefined as never,
      ),
    );
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: 'budget alert',
      budget: 'gpu',
      alert: 'gpu is at 91% of its monthly budget',
    });
  });
});
