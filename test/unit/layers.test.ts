import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rules of .dependency-cruiser.cjs (run by `npm run lint`), checked on small trees laid out
// like ours: a wrong import must fail the lint, a right one must pass.
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'node_modules', '.bin', 'depcruise');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cruise(files: Record<string, string>): { ok: boolean; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'costguard-layers-'));
  dirs.push(dir);
  cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const out = execFileSync(BIN, ['src', '--config', '.dependency-cruiser.cjs'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { ok: true, out };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const mod = (imports: string[] = []) =>
  `${imports.map((p) => `import '${p}';`).join('\n')}\nexport const x = 1;\n`;

describe('layer rules (dependency-cruiser)', () => {
  it('passes the layout the architecture describes', () => {
    const r = cruise({
      'src/core/money.ts': mod(),
      'src/config/schema.ts': mod(['../core/money.js']),
      'src/store/duckdb/store.ts': mod(['../../core/money.js', '../../config/schema.js']),
      'src/slack/post.ts': mod(['../core/money.js']),
      'src/app/daily-check.ts': mod(['../core/money.js', '../config/schema.js', '../page/render.js']),
      'src/page/render.ts': mod(['../core/money.js', '../charts/palette.js']),
      'src/charts/palette.ts': mod(),
      'src/cli/wiring.ts': mod(['../app/daily-check.js', '../store/duckdb/store.js', '../slack/post.js']),
    });
    expect(r.out).toContain('no dependency violations');
    expect(r.ok).toBe(true);
  });

  it.each([
    ['core-is-pure', { 'src/core/a.ts': mod(['../cli/b.js']), 'src/cli/b.ts': mod() }],
    ['adapters-on-core-and-config', { 'src/slack/a.ts': mod(['../cli/b.js']), 'src/cli/b.ts': mod() }],
    ['adapters-on-core-and-config', { 'src/store/a.ts': mod(['../lambda/b.js']), 'src/lambda/b.ts': mod() }],
    ['adapters-apart', { 'src/slack/a.ts': mod(['../store/b.js']), 'src/store/b.ts': mod() }],
    ['app-on-core', { 'src/app/a.ts': mod(['../slack/b.js']), 'src/slack/b.ts': mod() }],
    ['page-on-core-and-charts', { 'src/page/a.ts': mod(['../store/b.js']), 'src/store/b.ts': mod() }],
    ['cli-not-lambda', { 'src/cli/a.ts': mod(['../lambda/b.js']), 'src/lambda/b.ts': mod() }],
    [
      'stores-through-wiring',
      { 'src/cli/commands/a.ts': mod(['../../store/duckdb/b.js']), 'src/store/duckdb/b.ts': mod() },
    ],
    ['no-cycles', { 'src/core/a.ts': mod(['./b.js']), 'src/core/b.ts': mod(['./a.js']) }],
  ])('fails on a %s violation', (rule, files) => {
    const r = cruise(files);
    expect(r.ok).toBe(false);
    expect(r.out).toContain(rule);
  });
});
