import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG, SAMPLE_EXPORT } from '../../src/cli/commands/demo.js';
import { ROOT } from './package.js';

// What `npm publish` would ship, from `npm pack --dry-run` (package.json `files`).
describe('the npm package', () => {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
  ) as { files: { path: string }[] }[];
  const files = (packed[0]?.files ?? []).map((f) => f.path);

  it('carries the CLI, its sources, the worker entry and what `costguard demo` reads', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/costguard.js',
        'src/cli/main.ts',
        'src/app/anomaly-worker.ts',
        'README.md',
        relative(ROOT, SAMPLE_CONFIG),
        relative(ROOT, SAMPLE_EXPORT),
      ]),
    );
  });

  it('carries no tests, scripts or Lambda deployment (functions, bundles)', () => {
    const extra = files.filter(
      (f) =>
        /^(scripts|functions|deploy|\.build|dist)\//.test(f) ||
        (f.startsWith('test/') && !f.startsWith('test/fixtures/focus/')) ||
        /\.(test|contract)\.ts$/.test(f),
    );
    expect(extra).toEqual([]);
    // The FOCUS sample `costguard demo --sample` imports, with its licence note (CC BY 4.0).
    expect(files.filter((f) => f.startsWith('test/')).sort()).toEqual(
      [relative(ROOT, SAMPLE_EXPORT), 'test/fixtures/focus/README.md'].sort(),
    );
  });
});
