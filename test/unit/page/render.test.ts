import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../src/core/money.js';
import { buildPageModel } from '../../../src/core/report-page/model.js';
import { amount } from '../../../src/page/format.js';
import { renderPage } from '../../../src/page/render.js';
import { fact } from '../../helpers/facts.js';

const page = (facts = [fact({ day: '2026-11-02', model: 'a<b&"c"', billed: '1234567.005' })]) =>
  renderPage(
    buildPageModel(
      {
        from: '2026-11-01',
        to: '2026-11-30',
        today: '2026-11-20',
        by: ['service'],
        metric: 'effective',
        title: 'spend <script>',
        generatedAt: 'now',
        unattributed: 'unattributed',
      },
      {
        facts,
        anomalies: [],
        budgets: [],
        freshness: [{ source: 'aws', completeUpTo: '2026-11-18' }],
        idle: [],
      },
    ),
  );

describe('the report page HTML', () => {
  it('refers to nothing outside itself', () => {
    const html = page();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link\b(?![^>]*href="data:)|<script[^>]+src=|<img\b|@import|url\(/i);
    // An empty icon: browsers otherwise ask the server for /favicon.ico.
    expect(html).toContain('<link rel="icon" href="data:,">');
  });

  it('escapes names and titles', () => {
    const html = page();
    expect(html).not.toContain('a<b&"c"');
    expect(html).toContain('data-model="a&lt;b&amp;&quot;c&quot;"');
    expect(html).toContain('<title>spend &lt;script&gt;</title>');
  });

  it('one section per currency, the exact amount on each row, money with thousands and half-up cents', () => {
    const html = page([
      fact({ day: '2026-11-02', billed: '1234567.005' }),
      fact({ day: '2026-11-02', billed: '2.5', currency: 'EUR' }),
    ]);
    expect(html.match(/<section data-currency="[A-Z]+"/g)).toEqual([
      '<section data-currency="USD"',
      '<section data-currency="EUR"',
    ]);
    expect(html).toContain('data-amount="1234567.005000000000"');
    expect(html).toMatch(/data-testid="table-total" data-currency="USD">1,234,567.01</);
    expect(html).toContain('Data complete up to: aws 2026-11-18');
    expect(html).toContain('<th data-sort="service">Service</th>');
  });

  it('formats money half away from zero', () => {
    expect(amount(parseMoney('-0.005'))).toBe('-0.01');
    expect(amount(parseMoney('0.0049999'))).toBe('0.00');
    expect(amount(parseMoney('1000'))).toBe('1,000.00');
  });
});
