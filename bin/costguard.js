#!/usr/bin/env node
// Starts the CLI from one bundled file, which starts about twice as fast as compiling the TypeScript
// sources on the fly. esbuild (a dev dependency) builds dist/costguard-cli.mjs on first use and again
// whenever a source file is newer, so the bundle is never stale. Without esbuild (an install without
// dev dependencies) the sources run through tsx's loader instead.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'costguard-cli.mjs');

function newestSource() {
  let newest = 0;
  for (const name of readdirSync(join(root, 'src'), { recursive: true })) {
    if (!String(name).endsWith('.ts')) continue;
    newest = Math.max(newest, statSync(join(root, 'src', String(name))).mtimeMs);
  }
  return newest;
}

async function ensureBundle() {
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newestSource()) return true;
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  mkdirSync(dirname(bundle), { recursive: true });
  // Write aside and rename: two CLIs starting at once never load a half-written bundle.
  const tmp = `${bundle}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  renameSync(tmp, bundle);
  return true;
}

let main;
if (await ensureBundle()) {
  process.setSourceMapsEnabled(true);
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
