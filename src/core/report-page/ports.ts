/** A published report page: a link that opens it until `expiresAt`. */
export interface PublishedPage {
  url: string;
  /** ISO instant the link stops working. */
  expiresAt: string;
}

/**
 * Where the deployed rollup puts its report page so that Slack can link it: a private bucket and a
 * presigned link (store/s3/page-bucket.ts). The rollup does not know the storage.
 */
export interface PagePublisher {
  publish(name: string, html: string): Promise<PublishedPage>;
}
