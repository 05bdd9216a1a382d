import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../core/ports.js';
import type { PagePublisher, PublishedPage } from '../../core/report-page/ports.js';

/** A SigV4 presigned URL lives at most 7 days (AWS's limit); the link is no longer than that. */
export const MAX_LINK_DAYS = 7;

export interface PageBucketSettings {
  bucket: string;
  /** Key prefix, e.g. `reports/`. */
  prefix: string;
  /** How long the link works, 1 to 7 days. */
  linkDays: number;
}

/**
 * The report page in a private S3 bucket: PutObject as text/html with server-side encryption (the
 * bucket blocks all public access), then a presigned GetObject link that expires. The link carries the
 * function role's signature: it works while that role may s3:GetObject the key (pageBucketGrant in src/lambda/grants.ts).
 * A role's temporary credentials end the link earlier when they expire first (a Lambda role's session
 * lasts hours): AWS documents that limit for presigned URLs; docs/deploy.md says what to do.
 */
export class S3PagePublisher implements PagePublisher {
  constructor(
    private readonly s3: S3Client,
    private readonly settings: PageBucketSettings,
    private readonly clock: Clock,
  ) {}

  async publish(name: string, html: string): Promise<PublishedPage> {
    const key = `${this.settings.prefix}${name}`;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: html,
        ContentType: 'text/html; charset=utf-8',
        CacheControl: 'private, no-store',
        ServerSideEncryption: 'AES256',
      }),
    );
    const seconds = Math.round(Math.min(MAX_LINK_DAYS, Math.max(1 / 24, this.settings.linkDays)) * 86_400);
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      {
        expiresIn: seconds,
      },
    );
    return { url, expiresAt: new Date(this.clock.now().getTime() + seconds * 1000).toISOString() };
  }
}
