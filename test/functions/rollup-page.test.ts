import { webApi } from '@slack/bolt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackRollup } from '../../functions/rollup.js';
import { parseConfig } from '../../src/config/load.js';
import type { CostFact } from '../../src/core/cost-fact.js';
import { daysIn } from '../../src/core/day.js';
import { rollupPage } from '../../src/lambda/page-wiring.js';
import type { LambdaEnv } from '../../src/lambda/runtime.js';
import { dynamoSlackDeps } from '../../src/lambda/slack-wiring.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { type DynamoStores, dynamoStores } from '../../src/store/dynamodb/stores.js';
import type { DynamoTable } from '../../src/store/dynamodb/table.js';
import { S3PagePublisher } from '../../src/store/s3/page-bucket.js';
import { haveBrowser, launchBrowser, watch } from '../helpers/browser.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { fact } from '../helpers/facts.js';
import { type LocalS3, startLocalS3 } from '../helpers/local-s3.js';
import { memoryLogger } from './events.js';

// The deployed rollup publishes the report page to a private bucket (the real S3 client against s3rver,
// a local S3-compatible server) and links it in Slack with a presigned URL that expires.

const BUCKET = 'cg-pages';
const NOW = new Date('2026-11-21T09:00:00Z');
const DAY = '2026-11-20';
const clock = { now: () => new Date(NOW) };
let s3: LocalS3;
let dynamo: LocalDynamo;
let table: DynamoTable;
let stores: DynamoStores;
let slack: FakeSlackApi;
const env: LambdaEnv = {
  stage: 'test',
  tableName: 't',
  parameterPrefix: '/costguard/test',
  pagesBucket: BUCKET,
};
const config = parseConfig({ slack: { channel: 'C0COSTS' } });

beforeAll(async () => {
  [s3, dynamo, slack] = await Promise.all([startLocalS3([BUCKET]), startDynalite(), startFakeSlackApi()]);
  table = await dynamo.createTable();
  stores = dynamoStores(table);
  const facts: CostFact[] = daysIn({ from: '2026-11-01', to: DAY }).flatMap((day) => [
    fact({ day, model: 'llama3-70b', billed: '120.25' }),
    fact({
      day,
      model: 'bert',
      stage: 'train',
      provider: 'Google Cloud',
      billingAccountId: 'g',
      billed: '30.5',
    }),
    fact({
      day,
      model: 'whisper',
      provider: 'Microsoft',
      billingAccountId: 'ea',
      currency: 'EUR',
      billed: '9.99',
    }),
  ]);
  const scopes = [
    { provider: 'AWS', billingAccountId: '111111111111', from: '2026-11-01', to: DAY },
    { provider: 'Google Cloud', billingAccountId: 'g', from: '2026-11-01', to: DAY },
    { provider: 'Microsoft', billingAccountId: 'ea', from: '2026-11-01', to: DAY },
  ];
  await stores.cost.replaceFacts(
    {
      id: 'i',
      source: 'test',
      origin: 't',
      scopes,
      importedAt: NOW.toISOString(),
      rowCount: 1,
      factCount: 1,
    },
    facts,
  );
}, 60_000);
afterAll(async () => Promise.all([s3?.close(), dynamo?.close(), slack?.close()]));

const publisher = (linkDays = 7, bucket = BUCKET) =>
  new S3PagePublisher(s3.client(), { bucket, prefix: 'reports/', linkDays }, clock);
const client = () => new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl });
const poster = (p = publisher()) =>
  slackRollup(
    client(),
    dynamoSlackDeps({ config, table, clock }),
    rollupPage({ env, stores, clock }, config, p),
    memoryLogger(),
  );
const lastPost = () => {
  const c = slack.callsTo('chat.postMessage').at(-1);
  return JSON.stringify(c?.args.blocks ?? '');
};
const linkIn = (text: string) =>
  /<(http[^|>]+)\|Open the full report>/.exec(text)?.[1]?.replaceAll('&amp;', '&');

describe('the report page in a private bucket, linked from the Slack rollup', () => {
  it('puts the page as encrypted text/html and gives a link valid for 7 days by default', async () => {
    const p = await publisher().publish('x.html', '<!doctype html><p>hello</p>');
    const url = new URL(p.url);
    expect(url.pathname).toBe(`/${BUCKET}/reports/x.html`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(p.expiresAt).toBe('2026-11-28T09:00:00.000Z');
    const r = await fetch(p.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toBe('<!doctype html><p>hello</p>');
  });

  it('a link past its expiry is refused', async () => {
    const short = new S3PagePublisher(
      s3.client(),
      { bucket: BUCKET, prefix: 'reports/', linkDays: 1 / 86_400 },
      {
        now: () => new Date(),
      },
    );
    const p = await short.publish('short.html', '<p>soon gone</p>');
    expect(new URL(p.url).searchParams.get('X-Amz-Expires')).toBe('3600');
    // linkDays is floored at one hour; sign one that expires in a second to see the refusal.
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const gone = await getSignedUrl(
      s3.client(),
      new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/short.html' }),
      {
        expiresIn: 1,
      },
    );
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(gone)).status).toBe(403);
  });

  it('the rollup posts the link; the link opens the page of this month from the table', async () => {
    const r = await poster().post(DAY);
    expect(r.posted).toBe(true);
    const text = lastPost();
    expect(text).toContain('Open the full report');
    expect(text).toContain('works until Nov 28 09:00 UTC');
    const link = linkIn(text);
    expect(link).toBe(r.pageUrl);
    const page = await (await fetch(link ?? '')).text();
    expect(page).toContain('<title>costguard: spend 2026-11 up to 2026-11-20</title>');
    // This month to the rollup day: 20 days of 120.25 on AWS, in USD; EUR apart.
    expect(page).toContain('data-testid="provider-total" data-provider="AWS" data-currency="USD">2,405.00<');
    expect(page).toContain(
      'data-testid="provider-total" data-provider="Microsoft" data-currency="EUR">199.80<',
    );
  });

  it('a page that cannot be published does not stop the rollup: the message says so', async () => {
    const r = await poster(publisher(7, 'no-such-bucket')).post(DAY);
    expect(r.posted).toBe(true);
    expect(r.pageUrl).toBeUndefined();
    expect(lastPost()).toMatch(/The full report page could not be published today: .*bucket/i);
  });

  describe.skipIf(!haveBrowser)('in a real browser', () => {
    let browser: Browser;
    afterAll(() => browser?.close());

    it("the rollup's presigned link opens the page from the local S3 endpoint, with no console error", async () => {
      const r = await poster().post(DAY);
      browser = await launchBrowser();
      const tab = await browser.newPage();
      const url = r.pageUrl ?? '';
      const seen = watch(tab, () => url);
      const res = await tab.goto(url);
      expect(res?.status()).toBe(200);
      expect(await tab.locator('[data-testid="provider-total"][data-provider="AWS"]').textContent()).toBe(
        '2,405.00',
      );
      expect(await tab.locator('section[data-currency]').count()).toBe(2);
      expect(seen.errors).toEqual([]);
      expect(seen.requests).toEqual([]);
    });
  });
});
