import { describe, expect, it } from 'vitest';
import { plainMrkdwn } from '../../../src/cli/output.js';

describe('plainMrkdwn: Slack markup as terminal text', () => {
  it('drops bold, italic, strike and code marks, keeps the words', () => {
    expect(plainMrkdwn('*Untagged spend*: none. _as of_ ~old~ `llama3`')).toBe(
      'Untagged spend: none. as of old llama3',
    );
    expect(plainMrkdwn('```\nMODEL  COST\nllama  1.00\n```')).toBe('\nMODEL  COST\nllama  1.00\n');
  });

  it('leaves underscores and stars inside names alone', () => {
    expect(plainMrkdwn('model my_model_v2 costs 2*3')).toBe('model my_model_v2 costs 2*3');
  });

  it('shows links and mentions as text, and unescapes entities', () => {
    expect(
      plainMrkdwn('see <https://x.example/a|the page> or <https://y.example> <@U123> &lt;b&gt; &amp;'),
    ).toBe('see the page (https://x.example/a) or https://y.example @U123 <b> &');
  });
});
