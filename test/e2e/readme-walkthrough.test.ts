// The README's "Your own organisation" walkthrough, command by command as written there, against the
// simulator (the clouds' billing and fleet endpoints, the fake Slack Web API), in an empty folder with
// the real `bin/costguard.js`: so the README cannot drift from the code. The one step a person does by
// hand, filling in the REPLACE-ME values, is done here with the simulator's endpoints and accounts.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { addDays, utcDay } from '../../src/core/day.js';
import { type SimulatedClouds, startSimulatedClouds } from '../../src/sim/clouds.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/sim/fakes/slack-api.js';
import { buildFleet } from '../../src/sim/fleet.js';
import { type Clouds, startClouds } from '../../src/sim/fleet-clouds.js';
import { buildWorld } from '../../src/sim/world.js';

const ROOT = resolve('.');
const BIN = join(ROOT, 'bin/costguard.js');

/** The shell lines between the README's walkthrough markers, comments and blank lines dropped. */
function walkthroughCommands(readme: string): string[] {
  const start = readme.indexOf('<!-- walkthrough:start');
  const end = readme.indexOf('<!-- walkthrough:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no walkthrough markers');
  const block = readme.slice(start, end);
  const fence = block.slice(block.indexOf('```sh') + 5, block.lastIndexOf('```'));
  return fence
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const dir = mkdtempSync(join(tmpdir(), 'costguard-walkthrough-'));
const home = join(dir, 'my-org');
let clouds: SimulatedClouds;
let fleetClouds: Clouds;
let slack: FakeSlackApi;
let env: NodeJS.ProcessEnv;

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** One README line, run as a person would in their folder (piped: the CLI answers in JSON). */
function run(line: string): Promise<Ran> {
  const [cmd, ...args] = line.split(/\s+/);
  // `costguard` is the installed command (npm install -g links bin/costguard.js).
  const argv = cmd === 'costguard' ? [BIN, ...args] : undefined;
  if (!argv) throw new Error(`not a costguard line: ${line}`);
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, { cwd: home, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => done({ code, out, err }));
  });
}

beforeAll(async () => {
  const end = addDays(utcDay(new Date()), -1);
  const world = buildWorld({ seed: 7, end });
  clouds = await startSimulatedClouds(world, dir);
  const fleet = buildFleet(7, world.models, `${end}T18:15:00Z`);
  fleetClouds = await startClouds(() => fleet.world, dir, fleet.scope);
  slack = await startFakeSlackApi();
  env = { ...process.env, ...clouds.env, SLACK_BOT_TOKEN: 'xoxb-walkthrough' };
  mkdirSync(home);
}, 120_000);

afterAll(async () => {
  await Promise.all([clouds?.close(), fleetClouds?.close(), slack?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's walkthrough, from init to deploy", () => {
  it('runs every command as written, against the simulated clouds and Slack', async () => {
    const lines = walkthroughCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'costguard init',
      'costguard config',
      'costguard doctor',
      'costguard ingest',
      'costguard report',
      'npx serverless',
    ]);
    const [init, check, doctor, ingest, report, deploy] = lines as [string, ...string[]];

    // init: a commented file with placeholders, in the empty folder.
    const made = await run(init);
    expect(made.code, made.err).toBe(0);
    const file = join(home, 'costguard.config.yaml');
    const written = parse(readFileSync(file, 'utf8'));
    expect(readFileSync(file, 'utf8')).toContain('REPLACE-ME');

    // By hand in the README: fill in the placeholders. Here: the simulator's accounts and endpoints,
    // keeping everything else init wrote (attribution, budgets, anomalies, the rollup's schedule).
    const filled = {
      ...written,
      sources: { ...written.sources, ...clouds.sources },
      idle: { ...written.idle, ...fleetClouds.config },
      slack: { ...written.slack, channel: 'C0COSTS', apiUrl: slack.apiUrl },
    };
    writeFileSync(file, stringify(filled));

    const checked = await run(check as string);
    expect(checked.code, checked.err).toBe(0);

    const doc = await run(doctor as string);
    expect(doc.code, `${doc.out}\n${doc.err}`).toBe(0);
    const checks = JSON.parse(doc.out).checks as { name: string; ok: boolean }[];
    expect(checks.length).toBeGreaterThanOrEqual(7);
    expect(checks.filter((c) => !c.ok)).toEqual([]);

    const pulled = await run(ingest as string);
    expect(pulled.code, pulled.err).toBe(0);

    const reported = await run(report as string);
    expect(reported.code, reported.err).toBe(0);
    const rows = JSON.parse(reported.out).rows as { model: string }[];
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.model)).size).toBeGreaterThan(3);

    // `serverless deploy` needs an AWS account; `package` runs every step before the upload, with the
    // same options, so the line's flags and its config file are checked. Its output goes to this test's
    // folder (the deploy test packages into .build/ and .serverless/ at the same time).
    const [npx, sls, verb, ...rest] = (deploy as string).split(/\s+/);
    expect([npx, sls, verb]).toEqual(['npx', 'serverless', 'deploy']);
    const param = rest.indexOf('--param');
    const args = rest.map((a, i) =>
      i === param + 1 && a.startsWith('config=') ? `config=${join(home, a.slice(7))}` : a,
    );
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      [
        'serverless',
        'package',
        ...args,
        '--package',
        join(dir, 'sls'),
        '--param',
        `build=${join(dir, 'build')}`,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'packaging-only', AWS_SECRET_ACCESS_KEY: 'packaging-only' },
        timeout: 240_000,
      },
    );
    const rollup = filled.slack.rollup ?? { hour: 9, timeZone: 'UTC' };
    expect(stdout + stderr).toContain(
      `costguard: rollup daily at ${String(rollup.hour).padStart(2, '0')}:00 ${rollup.timeZone}, from ${file}`,
    );
  }, 420_000);
});
