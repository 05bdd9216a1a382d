import { describe, expect, it } from 'vitest';
import { answerTags, tagAnswerTags, tagNameProblem } from '../../../../src/core/idle/answers.js';
import { exclusions } from '../../../../src/core/idle/exclusions.js';
import { at, policyOf, vm } from './helpers.js';

const NOW = at('2026-11-23T18:40:00Z'); // Monday, 20 minutes before day-end (UTC default schedule)

describe('owner answers become tags the next sweep honours', () => {
  const policy = policyOf();

  it('snooze writes keep-until two hours ahead; keep until tomorrow writes the next day-start', () => {
    expect(answerTags('snooze-2h', vm(), policy, NOW)).toEqual({
      'costguard:keep-until': '2026-11-23T20:40:00Z',
    });
    expect(answerTags('keep-until-tomorrow', vm(), policy, NOW)).toEqual({
      'costguard:keep-until': '2026-11-24T07:00:00Z',
    });
    // On a Friday evening "tomorrow" means Monday morning.
    expect(answerTags('keep-until-tomorrow', vm(), policy, at('2026-11-27T18:40:00Z'))).toEqual({
      'costguard:keep-until': '2026-11-30T07:00:00Z',
    });
    expect(answerTags('exempt', vm(), policy, NOW)).toEqual({ 'costguard:exempt': 'true' });
  });

  it('writes label-safe keys and values on Google Cloud', () => {
    const gce = vm({ provider: 'gcp' });
    expect(answerTags('snooze-2h', gce, policy, NOW)).toEqual({ 'costguard-keep-until': '20261123t204000z' });
    expect(answerTags('exempt', gce, policy, NOW)).toEqual({ 'costguard-exempt': 'true' });
  });

  it('the written tags protect the instance until they expire', () => {
    for (const provider of ['aws', 'gcp', 'azure']) {
      const i = vm({ provider });
      const tagged = { ...i, tags: { ...i.tags, ...answerTags('snooze-2h', i, policy, NOW) } };
      expect(exclusions(tagged, policy, at('2026-11-23T20:39:00Z'))).toEqual(['keep-until']);
      expect(exclusions(tagged, policy, at('2026-11-23T20:41:00Z'))).toEqual([]);
    }
  });
});

describe('the Tag answer', () => {
  it('writes model and stage under the first attribution keys, label-safe on Google Cloud', () => {
    const names = { model: 'Llama3-70B', stage: ' train ' };
    expect(tagAnswerTags(vm(), policyOf(), names)).toEqual({ model: 'Llama3-70B', stage: 'train' });
    expect(tagAnswerTags(vm({ provider: 'gcp' }), policyOf(), names)).toEqual({
      model: 'llama3-70b',
      stage: 'train',
    });
  });

  it('takes only names every cloud accepts as a tag value', () => {
    expect(tagNameProblem('model', 'llama3-70b')).toBeUndefined();
    expect(tagNameProblem('stage', 'fine_tune.v2')).toBeUndefined();
    expect(tagNameProblem('stage', '  ')).toBe('Name the stage.');
    for (const bad of ['llama 3', '-x', 'a'.repeat(64), 'x<y>'])
      expect(tagNameProblem('model', bad)).toContain('1 to 63 letters, digits');
  });
});
