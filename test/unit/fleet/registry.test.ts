import { describe, expect, it } from 'vitest';
import { idleSchema } from '../../../src/config/idle-schema.js';
import type { CloudId } from '../../../src/core/providers.js';
import { FLEET_PERMISSIONS, FLEET_PROVIDERS, fleetsFromConfig } from '../../../src/fleet/registry.js';

describe('fleet registry', () => {
  it('builds one fleet per configured cloud, each declaring its permissions', () => {
    const config = idleSchema.parse({
      aws: { regions: ['us-east-1'], credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      gcp: { projects: ['p'], accessToken: 't' },
      azure: { subscriptions: ['s'], accessToken: 't' },
    });
    const fleets = fleetsFromConfig(config);
    expect(fleets.map((f) => f.provider)).toEqual(['aws', 'gcp', 'azure']);
    for (const f of fleets) expect(f.permissions).toEqual(FLEET_PERMISSIONS[f.provider as CloudId]);
    expect(FLEET_PROVIDERS).toEqual(Object.keys(FLEET_PERMISSIONS));
    expect(fleetsFromConfig(config, ['gcp']).map((f) => f.provider)).toEqual(['gcp']);
  });

  it('says which section is missing', () => {
    const config = idleSchema.parse({ gcp: { projects: ['p'], accessToken: 't' } });
    expect(() => fleetsFromConfig(config, ['aws'])).toThrow(
      '--source aws: the config has no idle.aws section',
    );
    expect(() => fleetsFromConfig(idleSchema.parse({}))).toThrow('no cloud to sweep: add an idle.aws');
  });
});
