// Writes the published-schema fixtures (test/fixtures/published/): a CUR 2.0 export, an Azure MCA
// actual + amortized cost pair and a Google billing export, each built from its cloud's documented
// column list (see each folder's README.md). Deterministic: the test checks the files equal this output.
//   node --import tsx scripts/gen-real-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cur2Fixture } from './real-fixtures/aws-cur2.js';
import { azureMcaFixtures } from './real-fixtures/azure-mca.js';
import { gcpFixture } from './real-fixtures/gcp-export.js';

export const PUBLISHED_DIR = 'test/fixtures/published';

/** File path (under PUBLISHED_DIR) -> content. */
export function publishedFixtures(): Record<string, string> {
  const azure = azureMcaFixtures();
  return {
    'aws-cur2/cur2-fabrikam-2024-10-00001.csv': cur2Fixture(),
    'azure-mca/mca-actualcost-2024-10.csv': azure.actual,
    'azure-mca/mca-amortizedcost-2024-10.csv': azure.amortized,
    'gcp-export/gcp-billing-detailed-2024-10.jsonl': gcpFixture(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, text] of Object.entries(publishedFixtures())) {
    const path = join(PUBLISHED_DIR, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`${path}: ${text.trimEnd().split('\n').length - (path.endsWith('.csv') ? 1 : 0)} rows`);
  }
}
