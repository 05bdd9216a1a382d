// Writes docs/config.md from the zod schemas in src/config (`npm run docs:config`). Run it after
// changing a schema: test/unit/config/config-docs.test.ts fails while the page is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDocsText, docRows, undocumented } from '../src/config/config-docs.js';
import { configJsonSchema } from '../src/config/json-schema.js';

const missing = undocumented(docRows(configJsonSchema()));
if (missing.length) {
  process.stderr.write(`Every key needs a description and an example:\n  ${missing.join('\n  ')}\n`);
  process.exit(1);
}
const out = join(import.meta.dirname, '..', 'docs', 'config.md');
writeFileSync(out, configDocsText());
process.stdout.write(`wrote ${out}\n`);
