import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGE, judgeDay } from '../../../src/core/anomaly/judge.js';
import { evaluateBudget } from '../../../src/core/budget/budget.js';
import { dayNumber, dayString } from '../../../src/core/day.js';
import { formatMoney, sumMoney } from '../../../src/core/money.js';
import { buildRollupSpend, topMovers } from '../../../src/core/rollup.js';
import { blockViolations } from '../../../src/slack/blocks/limits.js';
import { type RollupView, rollupBlocks } from '../../../src/slack/blocks/rollup-blocks.js';
import { BUDGETS, NOW, notice, orgFacts, YESTERDAY } from '../../helpers/slack-world.js';

function view(models: number): RollupView {
  const facts = orgFacts(models);
  return {
    spend: buildRollupSpend(facts, YESTERDAY),
    budgets: BUDGETS.map((b) => evaluateBudget(b, facts, YESTERDAY, 'effective')),
    anomalies: judgeDay(facts, YESTERDAY, dayString(dayNumber(YESTERDAY) - 59), DEFAULT_JUDGE, [], NOW),
    idle: [notice({ action: 'stop' }), notice(), notice({ instanceId: 'i-2', owner: 'bob' })],
    sources: [
      { source: 'aws', completeUpTo: '2026-11-09', updatedAt: NOW.toISOString() },
      { source: 'gcp', completeUpTo: '2026-11-07', updatedAt: NOW.toISOString() },
    ],
    unattributed: 'unattributed',
    chart: true,
  };
}

const texts = (blocks: ReturnType<typeof rollupBlocks>['blocks']) => JSON.stringify(blocks);

describe('rollup spend (core)', () => {
  it('sums yesterday, the same weekday last week and month to date exactly, per model and in total', () => {
    // Prepare
    const facts = orgFacts(20);
    // Act
    const s = buildRollupSpend(facts, YESTERDAY);
    // Assess
    const yesterday = facts.filter((f) => f.day === YESTERDAY);
    expect(s.total.day).toBe(sumMoney(yesterday.map((f) => f.effectiveCost)));
    expect(sumMoney(s.models.map((m) => m.day))).toBe(s.total.day);
    expect(s.total.monthToDate).toBe(
      sumMoney(facts.filter((f) => f.day >= '2026-11-01').map((f) => f.effectiveCost)),
    );
    expect(s.total.weekAgo).toBe(
      sumMoney(facts.filter((f) => f.day === '2026-11-03').map((f) => f.effectiveCost)),
    );
    expect(s.models).toHaveLength(21); // 20 models + unattributed
    expect(s.models[0]?.model).toBe('llama3-70b');
    expect(s.providers.map((p) => p.provider).sort()).toEqual(['AWS', 'Google Cloud', 'Microsoft']);
    expect(s.untagged.day).toBe(
      sumMoney(yesterday.filter((f) => f.model === 'unattributed').map((f) => f.effectiveCost)),
    );
    expect(s.untagged.worst[0]?.serviceName).toBe('Amazon S3');
    expect(s.seriesDays).toHaveLength(30);
    expect(topMovers(s, 3)[0]?.model).toBe('llama3-70b');
  });
});

describe('rollup blocks', () => {
  it('shows totals, models with stage split and change, movers, budgets, anomalies, untagged, idle and lateness', () => {
    const v = view(20);
    const msg = rollupBlocks(v);
    const all = texts(msg.blocks);
    expect(blockViolations(msg.blocks)).toEqual([]);
    expect(all).toContain(`Cloud spend for Tuesday ${YESTERDAY}`);
    expect(all).toContain(`$${formatMoney(v.spend.total.day).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);
    expect(all).toContain('llama3-70b');
    expect(all).toContain('whisper-large');
    expect(all).toMatch(/train \d+%/);
    expect(all).toContain('Top movers');
    expect(all).toContain('llama serve');
    expect(all).toContain('forecast');
    expect(all).toContain('Open anomalies');
    expect(all).toContain('subAccount=999999999999');
    expect(all).toContain('Untagged spend');
    expect(all).toContain('Amazon S3');
    expect(all).toContain('stopped 1, warned 2');
    expect(all).toContain('Google Cloud Nov 7 (3 days behind, figures partial)');
    expect(msg.text).toContain('month to date');
  });

  it('stays within Block Kit limits for a 200-model org by summarizing the rest in one field', () => {
    const msg = rollupBlocks(view(200));
    expect(blockViolations(msg.blocks)).toEqual([]);
    const models = msg.blocks.flatMap((b) =>
      b.type === 'section' && 'fields' in b && JSON.stringify(b).includes('month to date')
        ? (b.fields ?? []).map((f) => f.text)
        : [],
    );
    const more = /(\d+) more models/.exec(models.at(-1) ?? '');
    expect(more).not.toBeNull();
    // every model is either a field or counted in the summary field: 201 = 200 + unattributed
    expect(models.length - 1 + Number(more?.[1])).toBe(201);
  });

  it('fits a phone: no code table, each model a field of short lines; the title names what is shown', () => {
    const msg = rollupBlocks(view(30));
    const text = JSON.stringify(msg.blocks);
    expect(text).not.toContain('```');
    const title = msg.blocks.find((b) => JSON.stringify(b).includes('*By model*'));
    expect(JSON.stringify(title)).toMatch(/yesterday, change vs last \w+day, month to date/);
    for (const b of msg.blocks)
      for (const f of b.type === 'section' && 'fields' in b ? (b.fields ?? []) : [])
        for (const line of f.text.split('\n').slice(1)) expect(line.length, line).toBeLessThanOrEqual(45);
  });

  it('reports the limit a broken message breaks', () => {
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(blockViolations(many)).toEqual(['51 blocks > 50']);
    expect(
      blockViolations([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])[0],
    ).toContain('3001 > 3000');
  });
});
