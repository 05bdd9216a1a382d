// A local osls plugin: bundles each function with esbuild and hands osls a ready zip per function
// (package.individually + package.artifact). osls v3/v4 has no built-in esbuild, and this avoids
// another dependency: it only uses esbuild, and yazl (osls's own zip library) for the artifact.
'use strict';
const { mkdirSync, readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join, dirname, resolve } = require('node:path');
const { rollupEvent, rollupSchedule } = require('./rollup-schedule.cjs');
const { zipFiles } = require('./zip.cjs');

class BundlePlugin {
  constructor(serverless) {
    this.serverless = serverless;
    const build = () => this.build();
    this.hooks = {
      'before:package:initialize': () => this.scheduleRollup(),
      'before:package:createDeploymentArtifacts': build,
      'before:deploy:function:packageFunction': build,
    };
  }

  /** The rollup runs when the config's slack.rollup says (custom.configFile), not at a fixed UTC hour. */
  scheduleRollup() {
    const service = this.serverless.service;
    const fn = service.functions?.rollup;
    if (!fn) return;
    const file = resolve(this.serverless.serviceDir, service.custom?.configFile || 'costguard.config.yaml');
    const s = rollupSchedule(file);
    fn.events = [rollupEvent(s)];
    const hh = String(s.hour).padStart(2, '0');
    const where = s.from === 'defaults' ? `the config's defaults (no ${file})` : s.from;
    this.serverless.cli.log(`costguard: rollup daily at ${hh}:00 ${s.timeZone}, from ${where}`);
  }

  async build() {
    const esbuild = require('esbuild');
    const service = this.serverless.service;
    const root = this.serverless.serviceDir;
    // custom.bundle.out: where the zips go (a test packaging beside another passes its own folder).
    const out = resolve(root, service.custom?.bundle?.out || '.build');
    const opts = service.custom?.bundle || {};
    for (const name of service.getAllFunctions()) {
      const fn = service.getFunction(name);
      // handler `functions/slack-worker.handler` -> entry functions/slack-worker.ts, output .mjs beside it.
      const file = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
      const entry = join(root, `${file}.ts`);
      const result = await esbuild.build({
        entryPoints: [entry],
        outfile: join(out, name, `${file}.mjs`),
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'esm',
        minify: true,
        treeShaking: true,
        sourcemap: true,
        sourcesContent: false,
        metafile: true,
        legalComments: 'none',
        mainFields: ['module', 'main'],
        // CommonJS packages inside an ESM bundle still call require() for Node built-ins.
        banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
        external: opts.external || [],
        plugins: [stubPlugin(opts.stubs || [])],
        logLevel: 'warning',
      });
      const files = [`${file}.mjs`, `${file}.mjs.map`].map((f) => ({
        name: f,
        data: readFileSync(join(out, name, f)),
      }));
      for (const extra of opts.include || []) {
        if (existsSync(join(root, extra))) files.push({ name: extra, data: readFileSync(join(root, extra)) });
      }
      const zip = join(out, `${name}.zip`);
      mkdirSync(dirname(zip), { recursive: true });
      writeFileSync(zip, await zipFiles(files));
      writeFileSync(join(out, `${name}.meta.json`), JSON.stringify(result.metafile));
      fn.package = { ...(fn.package || {}), artifact: zip };
    }
  }
}

/**
 * Resolves each listed package to a stub whose members throw when used. Bolt's index requires Socket
 * Mode and the HTTP receiver's body reader at load time even when only AwsLambdaReceiver runs; the
 * stub keeps them (and undici, iconv-lite) out of the bundle, and fails loudly if anything calls them.
 */
function stubPlugin(names) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'costguard-stubs',
    setup(build) {
      if (names.length === 0) return;
      build.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'costguard-stub' }));
      build.onLoad({ filter: /.*/, namespace: 'costguard-stub' }, (a) => ({
        loader: 'js',
        contents: `module.exports = new Proxy({}, { get(_, p) {
          if (p === '__esModule' || typeof p === 'symbol' || p === 'then') return undefined;
          throw new Error(${JSON.stringify(a.path)} + ' is left out of this Lambda bundle (custom.bundle.stubs)');
        } });`,
      }));
    },
  };
}

module.exports = BundlePlugin;
