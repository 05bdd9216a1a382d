import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../../src/core/money.js';
import { exportQuery, mapExportRow } from '../../../../src/sources/gcp/bigquery-mapper.js';

const settings = {
  table: 'p.d.gcp_billing_export_v1_X',
  projects: [],
  labelKeys: { model: 'model', stage: 'stage' },
  partitionLagDays: 3,
};

// Field names and string-typed values as jobs.query returns them for the rollup's schema.
const ROW = {
  day: '2026-10-01',
  project_id: 'ml-train',
  project_name: 'ML training',
  service: 'Compute Engine',
  region: 'us-central1',
  currency: 'JPY',
  model: 'llama',
  stage: '',
  project_model: '',
  project_stage: '',
  cost: '1000.0000000001',
  credits: '-250.5',
  source_rows: 48,
};

describe('billing export mapping', () => {
  it('bounds partitions by the days asked for plus the export lag, and filters usage days exactly', () => {
    const q = exportQuery(settings, { from: '2026-10-30', to: '2026-10-31' });
    expect(q.params).toEqual({
      model_key: 'model',
      stage_key: 'stage',
      cluster_key: 'goog-k8s-cluster-name',
      partition_from: '2026-10-30',
      partition_to: '2026-11-03',
      from: '2026-10-30',
      to: '2026-10-31',
    });
    expect(q.query).toContain('FROM `p.d.gcp_billing_export_v1_X`');
    expect(q.query).toContain(
      '_PARTITIONTIME BETWEEN TIMESTAMP(@partition_from) AND TIMESTAMP(@partition_to)',
    );
    expect(q.query).toContain('SUM(CAST(cost AS BIGNUMERIC))');
    // The project's labels under the same keys, grouped by like the row's own (attribution's fallback)
    expect(q.query).toContain('UNNEST(project.labels) AS l WHERE l.key = @model_key');
    expect(q.query).toContain('UNNEST(project.labels) AS l WHERE l.key = @stage_key');
    expect(q.query).toMatch(/GROUP BY .*model, stage, cluster, project_model, project_stage$/);
    expect(q.query).not.toContain('@projects');
    expect(
      exportQuery({ ...settings, projects: ['a'] }, { from: '2026-10-30', to: '2026-10-31' }).params.projects,
    ).toEqual(['a']);
  });

  it('maps a row as the client returns it: effective = cost + credits, empty labels untagged', () => {
    expect(mapExportRow(ROW, '01A2B3-C4D5E6-F7A8B9', settings.labelKeys)).toEqual({
      day: '2026-10-01',
      provider: 'Google Cloud',
      billingAccountId: '01A2B3-C4D5E6-F7A8B9',
      subAccountId: 'ml-train',
      subAccountName: 'ML training',
      serviceName: 'Compute Engine',
      serviceCategory: '',
      regionId: 'us-central1',
      resourceId: '',
      resourceName: '',
      chargeCategory: 'Usage',
      currency: 'JPY',
      billedCost: parseMoney('1000.0000000001'),
      effectiveCost: parseMoney('749.5000000001'),
      listCost: parseMoney('1000.0000000001'),
      tags: { model: 'llama' },
      rowCount: 48,
    });
    expect(() => mapExportRow({ ...ROW, cost: null }, 'b', settings.labelKeys)).toThrow(/cost/);
  });

  it("maps the project's labels to projectTags under the configured keys", () => {
    // Prepare
    const row = { ...ROW, model: 'bert', project_model: 'gemma-7b', project_stage: 'serve' };

    // Act
    const line = mapExportRow(row, 'b', { model: 'ml-model', stage: 'env' });

    // Assess
    expect(line.tags).toEqual({ 'ml-model': 'bert' });
    expect(line.projectTags).toEqual({ 'ml-model': 'gemma-7b', env: 'serve' });
  });
});
