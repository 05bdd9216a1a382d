import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';

const message = (raw: unknown): string => {
  try {
    parseConfig(raw);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('config refusals say what is wrong (issue 22, point 8)', () => {
  it('refuses holidays that are not real calendar days, and accepts a leap day', () => {
    const idle = (holidays: string[]) => ({ idle: { holidays } });
    expect(message(idle(['2026-02-30']))).toMatch(/idle\.holidays.*real calendar day/s);
    expect(message(idle(['2025-02-29']))).toMatch(/real calendar day/);
    expect(message(idle(['2024-02-29', '2026-12-24']))).toBe('');
  });

  it('says that secrets are references when a token is written inline', () => {
    const m = message({ slack: { channel: 'C1', botToken: 'xoxb-123-456' } });
    expect(m).toContain('slack.botToken');
    expect(m).toContain('{ env: SLACK_BOT_TOKEN }');
    expect(m).toContain('{ ssm:');
    expect(m).not.toContain('xoxb-123-456');
    expect(message({ slack: { channel: 'C1', botToken: { env: 'MY_TOKEN' } } })).toBe('');
  });
});
