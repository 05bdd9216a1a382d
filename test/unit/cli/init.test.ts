import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type Prompter, runInit } from '../../../src/cli/commands/init.js';
import type { CliContext } from '../../../src/cli/context.js';
import { InvalidInputError } from '../../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'costguard-init-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `c${n++}`, 'costguard.config.yaml');

/** A terminal session: what was printed, and the questions asked of a user who answers `answers`. */
function terminal(answers: string[]) {
  const out: string[] = [];
  const asked: string[] = [];
  let closed = false;
  const ctx: CliContext = {
    io: { out: (t) => out.push(t), err: () => {}, isTty: true, errIsTty: true },
    clock: { now: () => new Date('2026-01-15T12:00:00Z') },
  };
  const prompter: Prompter = {
    ask: async (q) => {
      asked.push(q);
      const a = answers.shift();
      if (a === undefined) throw new Error(`unexpected question: ${q}`);
      return a;
    },
    close: () => {
      closed = true;
    },
  };
  return { ctx, prompter, out, asked, closed: () => closed };
}

const written = (file: string) => parseYaml(readFileSync(file, 'utf8'));

describe('costguard init on a terminal', () => {
  it('asks for the clouds and Slack, and writes what was answered', async () => {
    // Arrange
    const t = terminal(['aws, Azure', 'y']);
    const file = fresh();

    // Act
    await runInit(t.ctx, { config: file }, t.prompter);

    // Assess
    expect(t.asked).toHaveLength(2);
    expect(t.asked[0]).toContain('Which clouds');
    expect(t.asked[1]).toContain('Slack');
    expect(t.closed()).toBe(true);
    const raw = written(file);
    expect(Object.keys(raw.sources)).toEqual(['trailingDays', 'aws', 'azure']);
    expect(raw.slack.channel).toBe('REPLACE-ME-channel-id');
    // On a terminal: sentences, the placeholders to fill in and the next step.
    const text = t.out.join('\n');
    expect(text).toContain(`Wrote ${file} (aws, azure, slack)`);
    expect(text).toContain('  sources.aws.billingAccountId\n');
    expect(text).toContain(`costguard config check --config ${file}`);
  });

  it('asks again after an unknown cloud, saying what was wrong; empty answers mean none and no', async () => {
    // Arrange
    const t = terminal(['aws,digitalocean', '', 'maybe', '']);
    const file = fresh();

    // Act
    await runInit(t.ctx, { config: file }, t.prompter);

    // Assess
    expect(t.asked).toHaveLength(4);
    expect(t.asked[1]).toContain('unknown cloud "digitalocean"; choose from aws, gcp, azure');
    expect(t.asked[3]).toBe(t.asked[2]); // "maybe" is neither yes nor no
    const raw = written(file);
    expect(raw.sources).toBeUndefined();
    expect(raw.slack).toBeUndefined();
    expect(t.out.join('\n')).toContain('(no clouds, no Slack)');
  });

  it('asks only what the flags leave open', async () => {
    // Arrange
    const t = terminal(['yes']);
    const file = fresh();

    // Act
    await runInit(t.ctx, { config: file, clouds: 'gcp' }, t.prompter);

    // Assess
    expect(t.asked).toEqual([expect.stringContaining('Slack')]);
    expect(Object.keys(written(file).sources)).toEqual(['trailingDays', 'gcp']);
  });

  it('--yes never asks', async () => {
    // Arrange
    const t = terminal([]);
    const file = fresh();

    // Act
    await runInit(t.ctx, { config: file, yes: true }, t.prompter);

    // Assess
    expect(t.asked).toEqual([]);
    expect(written(file).sources).toBeUndefined();
  });

  it('refuses an unknown --clouds, and an existing file before asking anything', async () => {
    // Arrange
    const t = terminal([]);
    const file = fresh();
    await runInit(t.ctx, { config: file, yes: true }, t.prompter);

    // Act / Assess
    await expect(
      runInit(t.ctx, { config: fresh(), clouds: 'aws,oci', yes: true }, t.prompter),
    ).rejects.toThrow(InvalidInputError);
    await expect(runInit(t.ctx, { config: file }, t.prompter)).rejects.toThrow(/already exists.*--force/);
    expect(t.asked).toEqual([]);
  });
});
