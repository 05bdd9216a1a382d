import { describe, expect, it } from 'vitest';
import { normalizedTags, normalizeTagKey, normalizeTagValue } from '../../../../src/core/attribution/tags.js';

describe('normalizeTagKey', () => {
  it.each([
    ['model', 'model'],
    [' Model ', 'model'],
    ['MODEL', 'model'],
    [' org', 'org'], // the FOCUS sample really has a key with a leading space
    ['User:Model', 'model'], // Cost Explorer, legacy CUR
    ['user_model', 'model'], // CUR 2.0
    ['USER_Stage', 'stage'],
    [' user: env ', 'env'],
    ['ml-model', 'ml-model'],
    ['ml_model', 'ml_model'],
    ['ml.model', 'ml.model'],
    ['username', 'username'], // a prefix needs its ':' or '_'
    ['user', 'user'],
    ['ms:Department', 'ms:department'], // only AWS's user prefixes are dropped
  ])('normalizes %j to %j', (raw, expected) => {
    // Act
    const key = normalizeTagKey(raw);

    // Assess
    expect(key).toBe(expected);
  });

  it('keeps -, _ and . apart', () => {
    // Act
    const keys = new Set(['ml-model', 'ml_model', 'ml.model', 'User:ml-model'].map(normalizeTagKey));

    // Assess
    expect([...keys]).toEqual(['ml-model', 'ml_model', 'ml.model']);
  });
});

describe('normalizeTagValue', () => {
  it('trims and lowercases, nothing else', () => {
    // Act / Assess
    expect(normalizeTagValue('  Llama3-70B ')).toBe('llama3-70b');
    expect(normalizeTagValue('Prod_EU.1')).toBe('prod_eu.1');
  });
});

describe('normalizedTags', () => {
  it('drops empty and whitespace-only values', () => {
    // Prepare
    const tags = { stage: '', env: '   ', model: 'bert' };

    // Act
    const map = normalizedTags(tags);

    // Assess
    expect([...map.entries()]).toEqual([['model', 'bert']]);
  });

  it("keeps the first non-empty value when two keys normalize alike, in the line's key order", () => {
    // Prepare
    const tags = { Env: ' ', env: 'Prod', 'user:env': 'dev', ' org': 'trey', org: 'other' };

    // Act
    const map = normalizedTags(tags);

    // Assess: raw values, normalization of values happens later
    expect(map.get('env')).toBe('Prod');
    expect(map.get('org')).toBe('trey');
  });

  it('computes once per tags object', () => {
    // Prepare
    const tags = Object.freeze({ model: 'a' });

    // Act / Assess
    expect(normalizedTags(tags)).toBe(normalizedTags(tags));
  });
});
