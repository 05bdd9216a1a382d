// Child process for the ingest crash test: runs `costguard ingest` against the simulated clouds (their
// endpoints come in the environment and the config); the parent SIGKILLs it part-way.
import { main } from '../../src/cli/main.js';

const [configFile, db, from, to] = process.argv.slice(2);
const code = await main([
  'node',
  'costguard',
  'ingest',
  ...['--config', configFile as string, '--db', db as string],
  ...['--from', from as string, '--to', to as string, '--format', 'json'],
]);
process.stdout.write(`\nexit ${code}\n`);
