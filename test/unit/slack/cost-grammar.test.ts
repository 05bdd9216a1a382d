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

describe('/cost periods in words (the forms the help and the manifest name)', () => {
  // Yesterday, the last complete day, is a Wednesday.
  const Y = '2026-12-02';
  it.each([
    ['llama yesterday', undefined, 'yesterday', '2026-12-02', '2026-12-02'],
    ['llama last 7 days', undefined, '7d', '2026-11-26', '2026-12-02'],
    ['llama train last 30 days', 'train', '30d', '2026-11-03', '2026-12-02'],
    ['llama 7d', undefined, '7d', '2026-11-26', '2026-12-02'],
    ['llama this week', undefined, 'this-week', '2026-11-30', '2026-12-02'],
    ['llama Last Week', undefined, 'last-week', '2026-11-23', '2026-11-29'],
    ['llama this month', undefined, 'mtd', '2026-12-01', '2026-12-02'],
    ['llama mtd', undefined, 'mtd', '2026-12-01', '2026-12-02'],
    ['llama serve last month', 'serve', 'last-month', '2026-11-01', '2026-11-30'],
    ['llama 2026-11', undefined, '2026-11', '2026-11-01', '2026-11-30'],
    ['llama nov', undefined, 'nov', '2026-11-01', '2026-11-30'],
    ['llama November', undefined, 'november', '2026-11-01', '2026-11-30'],
    ['llama dec', undefined, 'dec', '2026-12-01', '2026-12-02'],
    ['llama jan', undefined, 'jan', '2026-01-01', '2026-01-31'],
    ['llama 2026-11-01..2026-11-15', undefined, '2026-11-01..2026-11-15', '2026-11-01', '2026-11-15'],
  ])('"%s"', (text, stage, period, from, to) => {
    const q = parseCostCommand(text).query;
    expect(q).toEqual({ kind: 'model', model: 'llama', ...(stage ? { stage } : {}), period });
    const p = resolvePeriod((q as { period: string }).period, Y);
    expect([p.from, p.to]).toEqual([from, to]);
  });

  it('a month name not yet begun this year means last year', () => {
    expect(resolvePeriod('dec', '2026-11-20')).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('"yesterday" is a period, never a stage; a wrong word names the forms', () => {
    expect(parseCostCommand('llama yesterday').query).not.toHaveProperty('stage');
    expect(() => parseCostCommand('llama train fortnight')).toThrow(/this week, last week, this month/);
  });
});
