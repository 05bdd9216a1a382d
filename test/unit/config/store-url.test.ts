import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from '../../../src/config/store-url.js';

describe('parseStoreUrl: --store and store.url', () => {
  it.each([
    [
      'dynamodb://costguard-prod?region=eu-west-1',
      { kind: 'dynamodb', table: 'costguard-prod', region: 'eu-west-1' },
    ],
    [
      'dynamodb://t_1.x?region=us-east-1&endpoint=http%3A%2F%2F127.0.0.1%3A8000',
      { kind: 'dynamodb', table: 't_1.x', region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' },
    ],
    ['dynamodb://costguard-prod', { kind: 'dynamodb', table: 'costguard-prod' }],
    ['duckdb:///var/lib/costguard.duckdb', { kind: 'duckdb', path: '/var/lib/costguard.duckdb' }],
    ['duckdb://data/cg.duckdb', { kind: 'duckdb', path: 'data/cg.duckdb' }],
    ['./costguard.duckdb', { kind: 'duckdb', path: './costguard.duckdb' }],
  ])('%s', (text, target) => {
    expect(parseStoreUrl(text)).toEqual(target);
  });

  it.each([
    ['dynamodb://x', /not a DynamoDB table name/],
    ['dynamodb://table-1?regoin=eu-west-1', /unknown option regoin/],
    ['dynamodb://table-1?endpoint=localhost:8000', /endpoint must be an http\(s\) URL/],
    ['s3://bucket/x', /unknown kind of store "s3"/],
    ['   ', /--store is empty/],
  ])('refuses %s, naming the accepted forms', (text, why) => {
    expect(() => parseStoreUrl(text)).toThrow(why);
    expect(() => parseStoreUrl(text)).toThrow(/dynamodb:\/\/TABLE\?region=REGION/);
  });
});
