import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { jsonSchemaValidator } from '../helpers/json-schema.js';

const BIN = resolve('bin/costguard.js');
const dir = mkdtempSync(join(tmpdir(), 'costguard-init-'));
const configFile = join(dir, 'costguard.config.yaml');
const schemaFile = join(dir, 'costguard.schema.json');

/** The real CLI, run in `dir` as a user would (no --config: the current folder's file). */
function costguard(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('costguard init -> config check -> config schema, in an empty folder', () => {
  let init: ReturnType<typeof costguard>;
  beforeAll(() => {
    init = costguard('init', '--yes', '--clouds', 'aws,gcp,azure', '--slack');
  });

  it('init writes a commented config whose first line points editors at the schema written beside it', () => {
    // Assess
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    const text = readFileSync(configFile, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./costguard.schema.json');
    expect(existsSync(schemaFile)).toBe(true);
    const raw = parseYaml(text);
    expect(Object.keys(raw)).toEqual([
      'attribution',
      'store',
      'sources',
      'idle',
      'anomalies',
      'budgets',
      'slack',
    ]);
    expect(Object.keys(raw.sources)).toEqual(['trailingDays', 'aws', 'gcp', 'azure']);
    expect(Object.keys(raw.idle)).toEqual(expect.arrayContaining(['aws', 'gcp', 'azure']));
    expect(text).toMatch(/^# .*REPLACE-ME/m); // comments say what to fill in
    // Piped: JSON, naming every placeholder left to fill in.
    expect(JSON.parse(init.out)).toEqual({
      file: 'costguard.config.yaml',
      schema: 'costguard.schema.json',
      clouds: ['aws', 'gcp', 'azure'],
      slack: true,
      placeholders: [
        'sources.aws.billingAccountId',
        'sources.gcp.billingAccountId',
        'sources.gcp.table',
        'sources.azure.billingAccountId',
        'sources.azure.subscriptions.0',
        'idle.gcp.projects.0',
        'idle.azure.subscriptions.0',
        'slack.channel',
      ],
    });
  });

  it('config check accepts it and prints the effective config with the defaults filled in', () => {
    // Act
    const r = costguard('config', 'check', '--format', 'json');

    // Assess
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({
      file: 'costguard.config.yaml',
      valid: true,
      notes: [expect.stringContaining('8 placeholder')],
    });
    // Keys the file does not write come back with their defaults; durations as minutes.
    expect(json.config.anomalies.lookbackDays).toBe(120);
    expect(json.config.sources.aws).toMatchObject({
      enabled: true,
      billingAccountId: '000000000000',
      stageValues: [],
    });
    expect(json.config.sources.gcp.partitionLagDays).toBe(3);
    expect(json.config.idle).toMatchObject({ lookback: 120, leadTime: 30, exemptTag: 'costguard:exempt' });
    expect(json.config.slack.rollup).toEqual({ hour: 9, timeZone: 'UTC', chart: true });
    expect(r.err).toContain('note: 8 placeholder(s) still to fill in: sources.aws.billingAccountId');

    // On a terminal (--format table) it is YAML that parses back to the same config.
    const table = costguard('config', 'check', '--format', 'table');
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toBe(
      '# costguard.config.yaml is valid. The effective config, every default filled in:',
    );
    expect(parseYaml(table.out)).toEqual(json.config);
  });

  it('config schema prints a draft 2020-12 JSON Schema the file validates against (ajv), and only such files', () => {
    // Act
    const r = costguard('config', 'schema');

    // Assess
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(readFileSync(schemaFile, 'utf8')).toBe(r.out); // what init wrote for editors is this schema
    const validate = jsonSchemaValidator().compile(schema);
    const raw = parseYaml(readFileSync(configFile, 'utf8'));
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
    // The validator is not a rubber stamp: an unknown key and a 5-digit account id are refused.
    expect(validate({ ...raw, bogus: 1 })).toBe(false);
    expect(validate({ sources: { aws: { billingAccountId: '12345' } } })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/sources/aws/billingAccountId');
  });

  it('a second init without --force refuses with exit 2 and changes no byte', () => {
    // Arrange
    const before = readFileSync(configFile);
    const schemaBefore = readFileSync(schemaFile);

    // Act
    const r = costguard('init', '--yes', '--clouds', 'gcp');

    // Assess
    expect(r.code).toBe(2);
    expect(r.err).toContain('costguard.config.yaml already exists');
    expect(r.err).toContain('--force');
    expect(readFileSync(configFile).equals(before)).toBe(true);
    expect(readFileSync(schemaFile).equals(schemaBefore)).toBe(true);
  });

  it('init --force overwrites it', () => {
    // Act
    const r = costguard('init', '--yes', '--clouds', 'gcp', '--force');

    // Assess
    expect(r.code).toBe(0);
    const raw = parseYaml(readFileSync(configFile, 'utf8'));
    expect(Object.keys(raw.sources)).toEqual(['trailingDays', 'gcp']);
    expect(raw.slack).toBeUndefined();
    expect(costguard('config', 'check', '--format', 'json').code).toBe(0);
  });
});

describe('costguard config check on a broken file', () => {
  const broken = join(dir, 'broken.yaml');
  beforeAll(() =>
    writeFileSync(
      broken,
      [
        'sources:',
        '  aws:',
        "    billingAccountId: '12345'",
        '  gcp:',
        '    billingAccountId: x',
        '    table: not-a-table',
        'anomalies:',
        '  threshold: -1',
        'idle:',
        "  dayStart: '25:00'",
        'slack:',
        '  channel: C0123',
        '  botToken: xoxb-a-real-token',
        'bogus: 1',
        '',
      ].join('\n'),
    ),
  );
  const paths = [
    '(top level)',
    'sources.aws.billingAccountId',
    'sources.gcp.table',
    'anomalies.threshold',
    'idle.dayStart',
    'slack.botToken',
  ];

  it('lists every error with its path and exits 2 (JSON)', () => {
    // Act
    const r = costguard('config', 'check', '--config', broken, '--format', 'json');

    // Assess
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ file: broken, valid: false });
    expect(json.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
    expect(json.errors).toContainEqual({
      path: 'sources.aws.billingAccountId',
      message: 'a 12-digit AWS account id',
    });
    expect(json.errors).toContainEqual({ path: '(top level)', message: expect.stringContaining('bogus') });
    // A secret written in place of a reference is refused, and not echoed back.
    expect(r.out).not.toContain('xoxb-a-real-token');
  });

  it('lists every error with its path on stderr and exits 2 (table)', () => {
    // Act
    const r = costguard('config', 'check', '--config', broken, '--format', 'table');

    // Assess
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${broken} is invalid (6 errors):`);
    for (const p of paths) expect(r.err).toContain(`  ${p}: `);
  });

  it('says plainly when the file is missing or not YAML, exit 2', () => {
    // Arrange
    const notYaml = join(dir, 'not-yaml.yaml');
    writeFileSync(notYaml, 'sources:\n  aws: [unclosed\n');

    // Act
    const missing = costguard('config', 'check', '--config', join(dir, 'nope.yaml'), '--format', 'table');
    const bad = costguard('config', 'check', '--config', notYaml, '--format', 'json');

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.yaml does not exist. Run `costguard init` to write one.');
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).errors).toEqual([{ path: '(yaml)', message: expect.any(String) }]);
  });
});
