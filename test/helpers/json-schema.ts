import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under Node's ESM interop its plugin is the module's `default` property.
const addFormats = addFormatsModule.default;

/** A strict draft 2020-12 validator with the standard formats (uri, date, ...), as editors use. */
export function jsonSchemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv;
}
