import { describe, expect, it } from 'vitest';
import { matchName, parseCostCommand, resolvePeriod } from '../../../src/slack/cost-grammar.js';
import { CostCommandError } from '../../../src/slack/errors.js';

describe('/cost grammar', () => {
  it.each([
    ['', { kind: 'summary' }, false],
    ['public', { kind: 'summary' }, true],
    ['help', { kind: 'help' }, false],
    ['top', { kind: 'top', n: 10 }, false],
    ['TOP 5 public', { kind: 'top', n: 5 }, true],
    ['budgets', { kind: 'budgets' }, false],
    ['anomalies PUBLIC', { kind: 'anomalies' }, true],
    ['idle', { kind: 'idle' }, false],
    ['llama', { kind: 'model', model: 'llama' }, false],
    ['llama train', { kind: 'model', model: 'llama', stage: 'train' }, false],
    ['llama 7d', { kind: 'model', model: 'llama', period: '7d' }, false],
    ['llama serve MTD public', { kind: 'model', model: 'llama', stage: 'serve', period: 'mtd' }, true],
    ['llama 2026-10', { kind: 'model', model: 'llama', period: '2026-10' }, false],
    [
      'llama train 2026-10-01..2026-10-15',
      { kind: 'model', model: 'llama', stage: 'train', period: '2026-10-01..2026-10-15' },
      false,
    ],
  ])('parses "%s"', (text, query, pub) => {
    expect(parseCostCommand(text)).toEqual({ query, public: pub });
  });

  it.each([
    ['top 0', /1 to 50/],
    ['top many', /whole number/],
    ['budgets now', /takes no arguments/],
    ['llama train serve', /not a period/],
    ['llama 7d 30d', /one period/],
    ['a b c d', /too many words/],
  ])('refuses "%s" with a helpful message', (text, message) => {
    expect(() => parseCostCommand(text)).toThrow(CostCommandError);
    expect(() => parseCostCommand(text)).toThrow(message);
  });

  it('resolves periods against the last complete day', () => {
    expect(resolvePeriod(undefined, '2026-11-10')).toMatchObject({ from: '2026-10-12', to: '2026-11-10' });
    expect(resolvePeriod('7d', '2026-11-10')).toMatchObject({ from: '2026-11-04', to: '2026-11-10' });
    expect(resolvePeriod('mtd', '2026-11-10')).toMatchObject({ from: '2026-11-01', to: '2026-11-10' });
    expect(resolvePeriod('2026-02', '2026-11-10')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolvePeriod('2026-12', '2027-01-10')).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(() => resolvePeriod('2026-11-10..2026-11-01', '2026-11-10')).toThrow(/first day first/);
    expect(() => resolvePeriod('2026-13', '2026-11-10')).toThrow(/not a month/);
    expect(() => resolvePeriod('0d', '2026-11-10')).toThrow(/1d to 366d/);
  });

  it('matches model names case-insensitively and by unique prefix, with a did-you-mean on a miss', () => {
    const known = ['llama3-70b', 'llama3-8b', 'whisper-large', 'Stable-Diffusion'];
    expect(matchName('WHISPER', known)).toEqual({ ok: 'whisper-large' });
    expect(matchName('stable', known)).toEqual({ ok: 'Stable-Diffusion' });
    expect(matchName('llama3-8B', known)).toEqual({ ok: 'llama3-8b' });
    expect(matchName('llama', known)).toEqual({ ambiguous: ['llama3-70b', 'llama3-8b'] });
    expect(matchName('wisper', known)).toEqual({ none: ['whisper-large'] });
    expect(matchName('zzz', known)).toEqual({ none: [] });
  });
});
