#!/usr/bin/env node
// The CLI runs from TypeScript sources through tsx's loader: no build step, no stale output.
// Lambda functions are bundled with esbuild instead (see serverless.yml).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
