import { afterAll, describe, expect, it } from 'vitest';
import type { CostLine } from '../../../../src/core/cost-line.js';
import { workspace } from './focus-files.js';

// Issue 21: the Google export's project.labels become each line's projectTags (attribution's fallback tag
// source), whether the project record is nested (JSONL, Parquet) or flattened by a query (CSV).

const ws = workspace('gcp-project-labels');
afterAll(() => ws.close());

const byProject = (lines: CostLine[]) =>
  Object.fromEntries(lines.map((l) => [l.subAccountId, { tags: l.tags, projectTags: l.projectTags }]));

const csv = (...rows: string[]) =>
  ['billing_account_id,usage_start_time,project.id,project.labels,labels,cost,currency', ...rows].join('\n');
const ROW = '01A2B3-C4D5E6-F7A8B9,2024-09-01 00:00:00 UTC';

/** One JSONL record of project `id` whose nested project carries `labels` (left out when undefined). */
const record = (id: string, labels: unknown, own: unknown = []) =>
  JSON.stringify({
    billing_account_id: '01A2B3-C4D5E6-F7A8B9',
    usage_start_time: '2024-09-01 00:00:00 UTC',
    project: { id, name: id, ...(labels === undefined ? {} : { labels }) },
    labels: own,
    cost: 1.5,
    currency: 'USD',
  });

describe('Google export project.labels', () => {
  it('CSV: a flattened project.labels column gives projectTags beside the row labels', async () => {
    // Prepare
    const file = ws.write(
      'flat.csv',
      csv(
        `${ROW},serve,"[{""key"": ""model"", ""value"": ""gemma-7b""}]",,1.5,USD`,
        `${ROW},train,"{""model"": ""llama3-70b"", ""stage"": ""train""}","[{""key"": ""model"", ""value"": ""bert""}]",2,USD`,
        `${ROW},bare,,,3,USD`,
      ),
    );

    // Act
    const lines = byProject((await ws.read(file, 'detect')).lines);

    // Assess
    expect(lines).toEqual({
      serve: { tags: {}, projectTags: { model: 'gemma-7b' } },
      train: { tags: { model: 'bert' }, projectTags: { model: 'llama3-70b', stage: 'train' } },
      bare: { tags: {}, projectTags: undefined },
    });
  });

  it('JSONL: labels inside the nested project; absent, null or empty labels give none', async () => {
    // Prepare
    const file = ws.write(
      'nested.jsonl',
      [
        record('serve', [{ key: 'stage', value: 'serve' }], [{ key: 'model', value: 'gemma-7b' }]),
        record('absent', undefined),
        record('null', null),
        record('empty', []),
      ].join('\n'),
    );

    // Act
    const lines = byProject((await ws.read(file, 'detect')).lines);

    // Assess
    expect(lines.serve).toEqual({ tags: { model: 'gemma-7b' }, projectTags: { stage: 'serve' } });
    for (const p of ['absent', 'null', 'empty']) expect(lines[p]?.projectTags, p).toBeUndefined();
  });

  it('CSV: project labels that are not labels are refused with their line and column', async () => {
    // Prepare
    const file = ws.write('bad-flat.csv', csv(`${ROW},ok,,,1,USD`, `${ROW},bad,"[1, 2]",,1,USD`));

    // Act
    const e = await ws.fileError(file, 'detect');

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 3, column: 'project.labels' });
    expect(e.message).toContain('expected [{"key": "k", "value": "v"}, ...] or {"k": "v"}');
  });

  it('CSV: malformed JSON in project.labels names the column and what labels look like', async () => {
    // Prepare
    const file = ws.write('broken-flat.csv', csv(`${ROW},bad,"[{""key"": ""model""",,1,USD`));

    // Act
    const e = await ws.fileError(file, 'detect');

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 2, column: 'project.labels' });
    expect(e.message).toMatch(/is not valid JSON.*expected \[\{"key"/);
  });

  it('JSONL: nested project labels of the wrong shape are refused as project.labels', async () => {
    // Prepare
    const file = ws.write('bad-nested.jsonl', [record('ok', []), record('bad', 'model=x')].join('\n'));

    // Act
    const e = await ws.fileError(file, 'detect');

    // Assess
    expect(e).toMatchObject({ code: 'BAD_VALUE', line: 2, column: 'project.labels' });
  });
});
