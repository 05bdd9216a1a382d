import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalServer, startLocalServer } from '../local-server.js';

/** One recorded call: the Web API method (or `upload` / `response_url`) and its decoded arguments. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** Bearer token the call carried, if any (tests check the bot token is sent, never printed). */
  token?: string;
  /** Upload body size in bytes (file uploads only). */
  bytes?: number;
  /** First bytes of an uploaded file, to check it is a PNG. */
  head?: Buffer;
}

export interface FakeSlackApi extends LocalServer {
  /** Base URL for WebClient's `slackApiUrl` (ends with `/api/`). */
  apiUrl: string;
  /** A response_url to put in slash command and block action payloads; posts to it are recorded. */
  responseUrl(id?: string): string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Waits until `count` calls to `method` are recorded (slow work answers after the ack). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
}

export interface FakeSlackWorld {
  /** email -> Slack user id, for users.lookupByEmail. */
  users?: Readonly<Record<string, string>>;
  botUserId?: string;
  /**
   * The bot token's scopes, sent in every answer's x-oauth-scopes header as Slack does; a method
   * whose scope is not among them answers missing_scope. Default: every scope costguard uses.
   */
  scopes?: readonly string[];
  /** Method -> the error it answers ({ ok: false, error }), e.g. auth.test -> invalid_auth. */
  refuse?: Readonly<Record<string, string>>;
}

/** What a bot token installed from slack-manifest.yml may do. */
export const FAKE_SLACK_SCOPES = ['chat:write', 'commands', 'files:write', 'users:read', 'users:read.email'];

/** The scope each method the fake serves needs (Slack's method reference). */
const METHOD_SCOPES: Readonly<Record<string, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'users.lookupByEmail': 'users:read.email',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

/**
 * A local Slack Web API that speaks the wire format the official WebClient sends: POST
 * /api/<method> with form-encoded arguments (nested values JSON-encoded) or JSON, answered with
 * `{ ok: true, ... }`. Covers the methods costguard calls, the external upload URL of files.uploadV2
 * (multipart), and response_url posts. Everything is recorded for assertions.
 */
export async function startFakeSlackApi(world: FakeSlackWorld = {}): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  let ts = 1_700_000_000;
  let fileNo = 0;
  let base = '';
  const waiters: (() => void)[] = [];
  const record = (c: SlackCall) => {
    calls.push(c);
    for (const w of waiters.splice(0)) w();
  };

  const handler = async (req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (path.startsWith('/upload/')) {
      const form = await new Request('http://x', {
        method: 'POST',
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body,
      }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string');
      const bytes = file && typeof file !== 'string' ? Buffer.from(await file.arrayBuffer()) : body;
      record({ method: 'upload', args: { path }, bytes: bytes.length, head: bytes.subarray(0, 8) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(`OK - ${bytes.length}`);
    }
    if (path.startsWith('/response/')) {
      record({ method: 'response_url', args: { path, ...JSON.parse(body.toString() || '{}') } });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok');
    }
    const method = path.replace(/^\/api\//, '');
    const args = decodeArgs(String(req.headers['content-type'] ?? ''), body);
    record({ method, args, ...(token ? { token } : {}) });
    const scopes = world.scopes ?? FAKE_SLACK_SCOPES;
    const send = (body: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': scopes.join(',') });
      res.end(JSON.stringify(body));
    };
    const reply = (extra: Record<string, unknown>) => send({ ok: true, ...extra });
    const fail = (error: string) => send({ ok: false, error });
    if (!token && method !== 'api.test') return fail('not_authed');
    const refused = world.refuse?.[method];
    if (refused) return fail(refused);
    const needed = METHOD_SCOPES[method];
    if (needed && !scopes.includes(needed))
      return send({ ok: false, error: 'missing_scope', needed, provided: scopes.join(',') });
    switch (method) {
      case 'auth.test':
        return reply({ user_id: world.botUserId ?? 'UBOT', team_id: 'T1', bot_id: 'B1' });
      case 'chat.postMessage':
      case 'chat.update':
        ts += 1;
        return reply({ channel: args.channel, ts: method === 'chat.update' ? args.ts : `${ts}.000100` });
      case 'views.open':
        // A modal opens only on a fresh trigger_id (Slack's expire after 3 s; here any is taken).
        if (!args.trigger_id) return fail('invalid_trigger_id');
        return reply({ view: { id: 'V1', ...JSON.parse(String(args.view ?? '{}')) } });
      case 'chat.postEphemeral':
        return reply({ message_ts: `${ts}.000200` });
      case 'users.lookupByEmail': {
        const id = world.users?.[String(args.email).toLowerCase()];
        return id ? reply({ user: { id, profile: { email: args.email } } }) : fail('users_not_found');
      }
      case 'files.getUploadURLExternal':
        fileNo += 1;
        return reply({ upload_url: `${base}/upload/F${fileNo}`, file_id: `F${fileNo}` });
      case 'files.completeUploadExternal':
        return reply({ files: JSON.parse(String(args.files ?? '[]')) });
      default:
        return fail('unknown_method');
    }
  };
  const server = await startLocalServer(handler);
  base = server.url;
  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return Object.assign(server, {
    apiUrl: `${server.url}/api/`,
    responseUrl: (id = 'r1') => `${server.url}/response/${id}`,
    calls,
    callsTo,
    waitFor: async (method: string, count = 1, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (callsTo(method).length < count) {
        if (Date.now() > deadline)
          throw new Error(`fake Slack API: waited ${timeoutMs} ms for ${count} ${method} call(s)`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return callsTo(method);
    },
  });
}

/** WebClient sends form-encoded bodies whose nested values (blocks, files) are JSON strings. */
function decodeArgs(contentType: string, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = (k === 'blocks' || k === 'attachments') && v.startsWith('[') ? JSON.parse(v) : v;
  }
  return out;
}
