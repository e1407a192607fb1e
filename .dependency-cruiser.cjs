/**
 * The layer rules of docs/architecture.md, checked in `npm test` (npm run lint:imports).
 * src/ is the product's core: it never reaches for an adapter, a database or the wiring.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        "src/domain holds the rules of effort and surveys: it imports only itself, Node built-ins and two pure math libraries (the effort model's linear algebra and rank correlation).",
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', '^node_modules/(ml-matrix|simple-statistics)/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'src-imports-no-adapter',
      comment:
        'src/ talks to the outside only through src/ports; integrations/, db/, demo/ and compose/ implement or wire those ports.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(integrations|db|demo|compose)/' },
    },
    {
      name: 'adapters-use-ports-not-services',
      comment:
        'integrations/ and db/ implement ports: they may import src/ports, src/domain and the logger and metrics types, never application services.',
      severity: 'error',
      from: { path: '^(integrations|db)/' },
      to: { path: '^src/(app|http|config|cli)/' },
    },
    {
      name: 'adapters-stay-apart',
      comment:
        'An integration does not import another integration or the database; the composition root connects them. integrations/http/ is the HTTP client every provider is called through, and imports no integration.',
      severity: 'error',
      from: { path: '^integrations/([^/]+)/' },
      to: { path: '^(integrations/|db/)', pathNot: ['^integrations/$1/', '^integrations/http/'] },
    },
    {
      name: 'nothing-imports-the-composition-root',
      comment: 'compose/ wires everything; only its own CLI, the demo, tests and benchmarks start it.',
      severity: 'error',
      from: { path: '^(src|integrations|db)/' },
      to: { path: '^compose/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
