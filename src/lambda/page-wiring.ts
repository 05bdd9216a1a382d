import { S3Client } from '@aws-sdk/client-s3';
import { reportPage } from '../app/report-page.js';
import type { CostguardConfig } from '../config/schema.js';
import { firstOfMonth, utcDay } from '../core/day.js';
import type { PagePublisher, PublishedPage } from '../core/report-page/ports.js';
import { S3PagePublisher } from '../store/s3/page-bucket.js';
import type { LambdaWiring } from './wiring.js';

/**
 * The deployed rollup's report page: this month up to the rollup day, from the table's stores, put in
 * the private bucket (config `pages.bucket`, else the stack's COSTGUARD_PAGES_BUCKET). Undefined when
 * neither names a bucket: the rollup then posts without a link.
 */
export function rollupPage(
  c: Pick<LambdaWiring, 'env' | 'stores' | 'clock'>,
  config: CostguardConfig,
  publisher: PagePublisher | undefined = pagePublisher(c, config),
): ((day: string) => Promise<PublishedPage>) | undefined {
  if (!publisher) return undefined;
  return async (day) => {
    const html = await reportPage(
      {
        costs: c.stores.cost,
        anomalies: c.stores.anomalies,
        sources: c.stores.sources,
        idleAudit: c.stores.idleAudit,
        allocations: c.stores.allocations,
      },
      config,
      {
        from: firstOfMonth(day),
        to: day,
        today: utcDay(c.clock.now()),
        title: `costguard: spend ${firstOfMonth(day).slice(0, 7)} up to ${day}`,
        generatedAt: c.clock.now().toISOString(),
      },
    );
    return publisher.publish(`${day}.html`, html);
  };
}

function pagePublisher(c: Pick<LambdaWiring, 'env' | 'clock'>, config: CostguardConfig) {
  const bucket = config.pages.bucket ?? c.env.pagesBucket;
  if (!bucket) return undefined;
  return new S3PagePublisher(
    new S3Client({}),
    { bucket, prefix: config.pages.prefix, linkDays: config.pages.linkDays },
    c.clock,
  );
}
