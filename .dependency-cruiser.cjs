/**
 * The layers of docs/architecture.md, checked by `npm run lint` (dependency-cruiser).
 * functions/, cli/, lambda/ -> app/ -> core/; sources/, fleet/, store/, slack/, notify/ -> core/ (and config/).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const adapters = '^src/(sources|fleet|store|slack|notify)/';
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle ties modules together that should depend one way.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core holds the domain: it imports only itself, Node built-ins and date-fns.',
      from: { path: '^src/core/' },
      to: {
        // (^|/): a git worktree whose node_modules is a link to another checkout's resolves through it.
        pathNot: ['^src/core/', '(^|/)node_modules/(date-fns|@date-fns)/'],
        dependencyTypesNot: ['core', 'type-only'],
      },
    },
    {
      name: 'core-types-only-from-core',
      severity: 'error',
      comment: 'Even type imports from core stay inside core.',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'config-on-core',
      severity: 'error',
      comment: 'The config schema knows the domain (core) and nothing else of ours.',
      from: { path: '^src/config/' },
      to: { path: '^src/(?!config/|core/)' },
    },
    {
      name: 'charts-on-core',
      severity: 'error',
      comment: 'The chart module (page and Slack PNG) knows the domain and nothing else of ours.',
      from: { path: '^src/charts/' },
      to: { path: '^src/(?!charts/|core/)' },
    },
    {
      name: 'page-on-core-and-charts',
      comment:
        'The report page renders a model to HTML: core and the charts only, no I/O (app and runtimes call it).',
      severity: 'error',
      from: { path: '^src/page/' },
      to: { path: '^src/(?!page/|core/|charts/)' },
    },
    {
      name: 'adapters-on-core-and-config',
      severity: 'error',
      comment: 'Adapters (sources, fleet, store, slack) import core and config, and only their own folder.',
      from: { path: `${adapters}` },
      to: { path: '^src/(app|cli|lambda|sim)/|^functions/' },
    },
    {
      name: 'adapters-apart',
      severity: 'error',
      comment: 'One adapter family never reaches into another: the wiring of a runtime joins them.',
      from: { path: '^src/(sources|fleet|store|slack|notify)/' },
      to: { path: '^src/(sources|fleet|store|slack|notify)/', pathNot: '^src/$1/' },
    },
    {
      name: 'app-on-core',
      severity: 'error',
      comment:
        'Use cases take ports from core and adapters handed in; they never import an adapter or a runtime.',
      from: { path: '^src/app/' },
      to: { path: '^src/(sources|fleet|store|slack|cli|lambda|sim)/|^functions/' },
    },
    {
      name: 'cli-not-lambda',
      severity: 'error',
      comment: 'Each runtime wires itself: the CLI never imports the Lambda runtime or functions.',
      from: { path: '^src/cli/' },
      to: { path: '^src/lambda/|^functions/' },
    },
    {
      name: 'stores-through-wiring',
      severity: 'error',
      comment:
        'Each runtime opens its stores in one place (src/cli/wiring.ts, src/lambda/wiring.ts): commands and ' +
        "handlers take them from there. Functions may read the stores' IAM grants (data).",
      from: { path: '^src/cli/commands/|^functions/' },
      to: { path: '^src/store/', pathNot: '^src/store/dynamodb/permissions\\.ts$' },
    },
    {
      name: 'lambda-not-cli',
      severity: 'error',
      comment: 'The Lambda runtime never imports the CLI or the simulator.',
      from: { path: '^src/lambda/|^functions/' },
      to: { path: '^src/(cli|sim)/' },
    },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'Shipped code never imports tests or scripts.',
      from: { path: '^(src|functions|bin)/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.build|\\.serverless)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
