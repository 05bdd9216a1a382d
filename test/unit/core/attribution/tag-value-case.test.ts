import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../../src/app/import-files.js';
import { parseConfig } from '../../../../src/config/load.js';
import { attribute } from '../../../../src/core/attribution/attribute.js';
import { DEFAULT_ATTRIBUTION } from '../../../../src/core/attribution/types.js';
import type { CostFact } from '../../../../src/core/cost-fact.js';
import type { CostStore, ImportRecord } from '../../../../src/core/ports.js';
import { openExportFiles } from '../../../../src/sources/files/export-batch.js';
import { csvText, workspace } from '../../sources/files/focus-files.js';
import { config, line, who } from './lines.js';

// Issue 21: tag values are lowercased on import; that is now a documented rule with a switch,
// attribution.tagValueCase (lower | keep), to keep them as written.

const mixed = line({ tags: { model: ' Llama3-70B ', env: 'Prod' }, cost: '2' });

describe('attribution.tagValueCase', () => {
  it('lower (the default): values trimmed and lowercased, then aliased', () => {
    // Act
    const [f] = attribute([mixed], DEFAULT_ATTRIBUTION);

    // Assess
    expect(f && who(f)).toMatchObject({ model: 'llama3-70b', stage: 'serve' });
  });

  it('keep: values trimmed only; aliases still match ignoring case', () => {
    // Prepare
    const keep = config({ tagValueCase: 'keep' });
    const other = line({ tags: { model: 'llama3-70b', stage: 'Eval' }, cost: '1' });

    // Act
    const facts = attribute([mixed, other], keep).map(who);

    // Assess: Prod is an alias of serve ("prod"); Eval has no alias and keeps its case
    expect(facts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model: 'Llama3-70B', stage: 'serve' }),
        expect.objectContaining({ model: 'llama3-70b', stage: 'Eval' }),
      ]),
    );
  });

  it('keep: a shared cost split among configured (lowercase) models goes to the tagged case', () => {
    // Prepare
    const keep = config({
      tagValueCase: 'keep',
      sharedCosts: [
        { name: 'support', match: { service: 'AWS Support' }, split: 'even', among: ['llama3-70b'] },
      ],
    });
    const support = line({ serviceName: 'AWS Support', cost: '3' });

    // Act
    const facts = attribute([mixed, support], keep).map(who);

    // Assess: one model, Llama3-70B, with its own 2 and the support's 3
    expect(facts.map((f) => f.model)).toEqual(['Llama3-70B', 'Llama3-70B']);
  });

  it('is read from the config, and an import keeps the case when asked', async () => {
    // Prepare
    const ws = workspace('tag-case');
    const file = ws.write('mixed.csv', csvText([{ Tags: '{"model": "Llama3-70B", "env": "Staging"}' }]));
    const facts: CostFact[] = [];
    const store: CostStore = {
      async replaceFacts(_r: ImportRecord, fs: AsyncIterable<CostFact> | Iterable<CostFact>) {
        for await (const f of fs) facts.push(f);
      },
      queryFacts: async () => [],
      listImports: async () => [],
      close: async () => {},
    };
    const run = (tagValueCase?: string) =>
      importFiles({
        exports: openExportFiles,
        files: [file],
        attribution: parseConfig({ attribution: tagValueCase ? { tagValueCase } : {} }).attribution,
        store,
        clock: { now: () => new Date('2024-11-05T00:00:00Z') },
      });

    // Act
    await run();
    await run('keep');
    ws.close();

    // Assess
    expect(facts.map((f) => [f.model, f.stage])).toEqual([
      ['llama3-70b', 'staging'],
      ['Llama3-70B', 'Staging'],
    ]);
    expect(() => parseConfig({ attribution: { tagValueCase: 'upper' } })).toThrow(/tagValueCase/);
  });
});
