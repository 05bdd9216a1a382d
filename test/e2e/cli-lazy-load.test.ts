import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `costguard import` and `report` must not load the Slack bot or the clouds' SDKs: loading Bolt and three
// clouds' SDK clients costs more CPU than importing a 300 MB export (bench:import measured twice the CPU
// time when the CLI's wiring imported them eagerly). A resolve hook records every module the command
// loads, in a child process running the sources as the CLI's fallback does.

const dir = mkdtempSync(join(tmpdir(), 'costguard-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOOK = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.COSTGUARD_LOADED, r.url + '\\n');
  return r;
}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`,
)}`;
const RUN = `const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(['node', 'costguard', ...process.argv.slice(1)]);`;

function loadedBy(name: string, args: readonly string[]): string[] {
  const file = join(dir, `${name}.txt`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', REGISTER, '--input-type=module', '-e', RUN, '--', ...args],
    { encoding: 'utf8', env: { ...process.env, COSTGUARD_LOADED: file }, timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(file, 'utf8').split('\n');
}

const HEAVY = [
  '@slack/bolt',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-cloudwatch',
  '@aws-sdk/client-cost-explorer',
  '@google-cloud/compute',
  '@google-cloud/bigquery',
  '@azure/arm-compute',
  '@azure/arm-costmanagement',
];

describe('the CLI loads only what a command needs', () => {
  const db = join(dir, 'store.duckdb');
  const sample = [
    'test/fixtures/focus/focus_sample.csv',
    '--config',
    'test/fixtures/focus/sample.config.yaml',
  ];

  it('import and report load neither the Slack bot nor a cloud SDK', () => {
    const imported = loadedBy('import', ['import', ...sample, '--db', db]);
    const reported = loadedBy('report', ['report', '--db', db, '--from', '2024-09-01', '--to', '2024-09-30']);
    for (const urls of [imported, reported]) {
      expect(urls.some((u) => u.includes('/src/cli/wiring.ts'))).toBe(true);
      expect(HEAVY.filter((pkg) => urls.some((u) => u.includes(`/node_modules/${pkg}/`)))).toEqual([]);
      expect(urls.filter((u) => /\/src\/(slack|fleet)\//.test(u))).toEqual([]);
    }
  });

  it('rollup, which builds the bot, loads its modules and the fleets (the check above can see them)', () => {
    const urls = loadedBy('rollup', ['rollup', '--db', db, '--date', '2024-09-30', '--format', 'json']);
    expect(urls.some((u) => u.endsWith('/src/slack/deps.ts'))).toBe(true);
    expect(urls.some((u) => u.endsWith('/src/fleet/registry.ts'))).toBe(true);
  });
});
