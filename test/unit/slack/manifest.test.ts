import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helpMessage } from '../../../src/slack/blocks/cost-blocks.js';
import { parseCostCommand } from '../../../src/slack/cost-grammar.js';

// slack-manifest.yml against the code: the scopes are exactly what the Web API methods the code calls
// need (Slack's method reference), no event is subscribed that nothing handles, and every period the
// usage hint suggests parses and is in `/cost help`.

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  features: { slash_commands: { command: string; usage_hint: string }[] };
  settings: { event_subscriptions?: { bot_events?: string[] } };
}
const manifest = parse(readFileSync('slack-manifest.yml', 'utf8')) as Manifest;

/** Every .ts file under src/slack and src/app, as text. */
function sources(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(readFileSync(p, 'utf8'));
    }
  };
  for (const d of ['src/slack', 'src/app', 'src/lambda', 'functions']) walk(d);
  return out.join('\n');
}

/** The bot scope each Web API method needs (null: none), from api.slack.com/methods. */
const METHOD_SCOPE: Readonly<Record<string, string | null>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'files.uploadV2': 'files:write',
  'users.lookupByEmail': 'users:read.email',
  'views.open': null,
};
/** Scopes Slack requires beside others: users:read.email only with users:read. */
const COMPANION: Readonly<Record<string, string>> = { 'users:read.email': 'users:read' };

describe('slack-manifest.yml matches the code', () => {
  const code = sources();
  const called = [
    ...new Set(
      [...code.matchAll(/client\.(chat|files|users|views|conversations)\.(\w+)\(/g)].map(
        (m) => `${m[1]}.${m[2]}`,
      ),
    ),
  ];

  it('asks for exactly the scopes of the methods the code calls, and commands for /cost', () => {
    for (const m of called) expect(Object.keys(METHOD_SCOPE), `a scope for ${m}`).toContain(m);
    const needed = new Set(['commands']);
    for (const m of called) {
      const scope = METHOD_SCOPE[m];
      if (scope) {
        needed.add(scope);
        if (COMPANION[scope]) needed.add(COMPANION[scope] as string);
      }
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    expect(called).toContain('users.lookupByEmail');
  });

  it('subscribes to no event that no listener handles', () => {
    const handled = [...code.matchAll(/app\.event\(\s*'([\w.]+)'/g)].map((m) => m[1]);
    for (const e of manifest.settings.event_subscriptions?.bot_events ?? []) expect(handled).toContain(e);
  });

  it("every period in /cost's usage hint parses, and /cost help names it", () => {
    const hint = manifest.features.slash_commands.find((c) => c.command === '/cost')?.usage_hint ?? '';
    const periods =
      /\[([^\]]*\|[^\]]*)\]/
        .exec(hint)?.[1]
        ?.split('|')
        .map((p) => p.trim()) ?? [];
    expect(periods.length).toBeGreaterThan(5);
    const help = JSON.stringify(helpMessage());
    for (const p of periods) {
      const q = parseCostCommand(`llama ${p}`).query;
      expect(q, p).toMatchObject({ kind: 'model', model: 'llama', period: expect.any(String) });
      expect(q, p).not.toHaveProperty('stage');
      expect(help, p).toContain(p);
    }
  });
});
