// Adds lock entries for platform-specific optional packages that `npm install` left out.
//
// Why: the registry this project is built against serves only the Linux builds of some native
// packages (DuckDB bindings, Biome's CLI), so `npm install` cannot resolve the others and omits them
// from package-lock.json; `npm ci` then refuses the lock as out of sync ("Missing: ... from lock
// file", npm/cli#9846). The added entries name the version the parent pins and the os/cpu/libc the
// package is for, so npm skips them on other platforms and fetches them by version where they apply.
// Run after every `npm install` that changes package-lock.json: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM =
  /-(android|darwin|linux|win32|freebsd|openbsd|sunos|aix|netbsd)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64)(-musl|-gnu|-msvc)?$/;

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const added = [];
for (const meta of Object.values(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const m = PLATFORM.exec(name);
    if (packages[key] || !m) continue;
    packages[key] = {
      version,
      optional: true,
      os: [m[1]],
      cpu: [m[2]],
      ...(m[3] === '-musl' ? { libc: ['musl'] } : {}),
    };
    added.push(`${name}@${version}`);
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} entries:\n  ${added.join('\n  ')}` : 'lock file complete');
