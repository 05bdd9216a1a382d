import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalServer, startLocalServer } from '../local-server.js';
import { FaultState, type Faults } from './faults.js';

export interface FakeBillingAccount {
  /** 012345-6789AB-CDEF01 */
  id: string;
  displayName: string;
  open?: boolean;
}

export interface FakeProjectBilling {
  projectId: string;
  billingAccount: string;
  /** Defaults to true. */
  billingEnabled?: boolean;
}

/** A Cloud Catalog SKU in its REST JSON shape (google.cloud.billing.v1.Sku). */
export interface CatalogSku {
  name: string;
  skuId: string;
  description: string;
  category: { serviceDisplayName: string; resourceFamily: string; resourceGroup: string; usageType: string };
  serviceRegions: string[];
  pricingInfo: {
    effectiveTime: string;
    summary: string;
    pricingExpression: {
      usageUnit: string;
      usageUnitDescription: string;
      baseUnit: string;
      baseUnitDescription: string;
      baseUnitConversionFactor: number;
      displayQuantity: number;
      tieredRates: {
        startUsageAmount: number;
        unitPrice: { currencyCode: string; units: string; nanos: number };
      }[];
    };
    currencyConversionRate: number;
  }[];
  serviceProviderName: string;
}

export interface GcpBillingDirectory {
  accounts: readonly FakeBillingAccount[];
  projects: readonly FakeProjectBilling[];
  /** SKUs per service name (services/6F81-5844-456A is Compute Engine). */
  skus?: Readonly<Record<string, readonly CatalogSku[]>>;
  /** Items per page (the APIs page with nextPageToken); the request's pageSize wins when smaller. */
  pageSize?: number;
}

export interface FakeGcpBilling extends LocalServer {
  faults: FaultState;
  calls: { billingAccounts: number; projects: number; skus: number };
}

/** A GPU SKU as the Compute Engine catalog lists it, priced per hour (`price` a decimal string). */
export function gpuSku(o: {
  skuId: string;
  description: string;
  regions: string[];
  price: string;
  usageType?: 'OnDemand' | 'Preemptible' | 'Commit1Yr';
  currency?: string;
  unit?: 'h' | 's';
}): CatalogSku {
  const [units = '0', frac = ''] = o.price.split('.');
  return {
    name: `services/6F81-5844-456A/skus/${o.skuId}`,
    skuId: o.skuId,
    description: o.description,
    category: {
      serviceDisplayName: 'Compute Engine',
      resourceFamily: 'Compute',
      resourceGroup: 'GPU',
      usageType: o.usageType ?? 'OnDemand',
    },
    serviceRegions: o.regions,
    pricingInfo: [
      {
        effectiveTime: '2026-10-01T00:00:00Z',
        summary: '',
        pricingExpression: {
          usageUnit: o.unit ?? 'h',
          usageUnitDescription: o.unit === 's' ? 'second' : 'hour',
          baseUnit: 's',
          baseUnitDescription: 'second',
          baseUnitConversionFactor: o.unit === 's' ? 1 : 3600,
          displayQuantity: 1,
          tieredRates: [
            {
              startUsageAmount: 0,
              unitPrice: {
                currencyCode: o.currency ?? 'USD',
                units,
                nanos: Number(frac.padEnd(9, '0').slice(0, 9)),
              },
            },
          ],
        },
        currencyConversionRate: 1,
      },
    ],
    serviceProviderName: 'Google',
  };
}

function googleError(res: ServerResponse, code: number, status: string, message: string) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message, status } }));
}

/**
 * A local Cloud Billing and Cloud Catalog REST endpoint (the HTTP/JSON transcoding that google-gax
 * speaks with `fallback: true`): billingAccounts.list, billingAccounts.projects.list and
 * services.skus.list, each paged with pageSize / pageToken / nextPageToken, with fault injection.
 */
export async function startFakeGcpBilling(
  dir: GcpBillingDirectory,
  faults: Faults = {},
): Promise<FakeGcpBilling> {
  const state = new FaultState(faults);
  const calls = { billingAccounts: 0, projects: 0, skus: 0 };
  const page = <T>(url: URL, items: readonly T[]) => {
    const asked = Number(url.searchParams.get('pageSize') ?? '0');
    const size = Math.min(asked > 0 ? asked : Number.MAX_SAFE_INTEGER, dir.pageSize ?? 50);
    const offset = Number(url.searchParams.get('pageToken') || '0');
    const next = offset + size < items.length ? String(offset + size) : '';
    return { items: items.slice(offset, offset + size), nextPageToken: next };
  };
  const handler = (req: IncomingMessage, _body: Buffer, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const route = path.match(
      /^\/v1\/(?:(billingAccounts)|billingAccounts\/([^/]+)\/(projects)|(services\/[^/]+)\/(skus))$/,
    );
    if (!route || req.method !== 'GET')
      return googleError(res, 404, 'NOT_FOUND', `fake: no route ${req.method} ${path}`);
    if (route[1]) calls.billingAccounts += 1;
    else if (route[3]) calls.projects += 1;
    else calls.skus += 1;
    const verdict = state.next();
    if (verdict === 'throttle')
      return googleError(res, 429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric Read requests');
    if (verdict === 'fail')
      return googleError(res, 403, 'PERMISSION_DENIED', 'The caller does not have permission');
    res.setHeader('content-type', 'application/json');
    if (route[1]) {
      const p = page(url, dir.accounts);
      res.end(
        JSON.stringify({
          billingAccounts: p.items.map((a) => ({
            name: `billingAccounts/${a.id}`,
            open: a.open ?? true,
            displayName: a.displayName,
            masterBillingAccount: '',
          })),
          nextPageToken: p.nextPageToken,
        }),
      );
      return;
    }
    if (route[3]) {
      const account = route[2] ?? '';
      if (!dir.accounts.some((a) => a.id === account))
        return googleError(res, 404, 'NOT_FOUND', `Billing account billingAccounts/${account} not found`);
      const p = page(
        url,
        dir.projects.filter((x) => x.billingAccount === account),
      );
      res.end(
        JSON.stringify({
          projectBillingInfo: p.items.map((x) => ({
            name: `projects/${x.projectId}/billingInfo`,
            projectId: x.projectId,
            billingAccountName: `billingAccounts/${x.billingAccount}`,
            billingEnabled: x.billingEnabled ?? true,
          })),
          nextPageToken: p.nextPageToken,
        }),
      );
      return;
    }
    const service = route[4] ?? '';
    const skus = dir.skus?.[service];
    if (!skus) return googleError(res, 404, 'NOT_FOUND', `Service ${service} not found`);
    const p = page(url, skus);
    res.end(JSON.stringify({ skus: p.items, nextPageToken: p.nextPageToken }));
  };
  const server = await startLocalServer(handler);
  return Object.assign(server, { faults: state, calls });
}
