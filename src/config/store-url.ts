import { InvalidInputError } from '../core/errors.js';

/** Where the CLI's facts are: the DuckDB file (the default), or the deployed DynamoDB table. */
export type StoreTarget =
  | { kind: 'duckdb'; path: string }
  | { kind: 'dynamodb'; table: string; region?: string; endpoint?: string };

const FORMS =
  'dynamodb://TABLE?region=REGION (optionally &endpoint=http://host:port for DynamoDB Local), ' +
  'duckdb:///path/to/file.duckdb, or a DuckDB file path';

/**
 * Reads `--store` / `store.url`: `dynamodb://costguard-prod?region=eu-west-1` names the deployed
 * table (credentials from the usual AWS chain: environment, profile, SSO); `duckdb:///abs/path` or
 * `duckdb://rel/path` or a plain path names a DuckDB file.
 */
export function parseStoreUrl(text: string): StoreTarget {
  const t = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
    if (t === '') throw new InvalidInputError(`--store is empty; give ${FORMS}.`);
    return { kind: 'duckdb', path: t };
  }
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new InvalidInputError(`--store "${text}" is not a URL; give ${FORMS}.`);
  }
  if (url.protocol === 'duckdb:') {
    const path = decodeURIComponent(`${url.host}${url.pathname}`);
    if (!path) throw new InvalidInputError(`--store "${text}" names no file; give ${FORMS}.`);
    return { kind: 'duckdb', path };
  }
  if (url.protocol !== 'dynamodb:')
    throw new InvalidInputError(
      `--store "${text}": unknown kind of store "${url.protocol.slice(0, -1)}"; give ${FORMS}.`,
    );
  const table = decodeURIComponent(url.host || url.pathname.replace(/^\/+/, ''));
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table))
    throw new InvalidInputError(
      `--store "${text}": "${table}" is not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -); give ${FORMS}.`,
    );
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'region' && k !== 'endpoint');
  if (unknown.length)
    throw new InvalidInputError(`--store "${text}": unknown option ${unknown.join(', ')}; give ${FORMS}.`);
  const region = url.searchParams.get('region') ?? undefined;
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint))
    throw new InvalidInputError(`--store "${text}": endpoint must be an http(s) URL; give ${FORMS}.`);
  return { kind: 'dynamodb', table, ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) };
}
