// ESLint 9 flat config. Syntax-only (no type-aware rules) so `npm run lint` stays fast;
// `npm run typecheck` is what checks types.
import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * Request-edge helpers that still live in app/utils and read the domain (the session's user, domain
 * errors as responses, upload limits, stored files). Only routes use them; the domain may not
 * (below). They are the edge's, not leaf utils: moving them out of app/utils is left to do.
 */
const EDGE_HELPERS = [
  'app/utils/auth.server.ts',
  'app/utils/answer.server.ts',
  'app/utils/file-response.server.ts',
  'app/utils/i18n.server.ts',
  'app/utils/upload-limits.server.ts',
]

export default tseslint.config(
  {
    ignores: [
      'build/',
      'data/',
      'node_modules/',
      'db/migrations/',
      'playwright-report/',
      'test-results/',
      'tests/.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,jsx,ts,tsx}'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' },
      ],
    },
  },
  {
    files: ['**/*.{jsx,tsx}'],
    ...react.configs.flat.recommended,
    ...react.configs.flat['jsx-runtime'],
    plugins: { react },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      // TypeScript checks props.
      'react/prop-types': 'off',
    },
  },
  {
    files: ['**/*.{js,jsx,ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Bad input is a 4xx at the edge (STYLE 25): one form reader that checks the content type and
    // one multipart parser that reads file names as data.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/utils/upload.server.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='formData'][arguments.length=0]",
          message:
            'Read a form with readForm(request) (#app/utils/upload.server.ts): a bad body is a 4xx, not a 500.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@remix-run/node',
              importNames: ['unstable_parseMultipartFormData'],
              message:
                'Use parseMultipart (#app/utils/multipart.server.ts): Remix’s parser fails on file names with ; or =.',
            },
            {
              name: '#app/domain/outbox.server.ts',
              importNames: ['writeEventRow'],
              message:
                'Write events with emit (typed by app/domain/events.ts); writeEventRow is for tests that need rows of made-up types.',
            },
          ],
        },
      ],
    },
  },
  // ---- Layers (docs/decisions/003 and 007): which folder may import which ----
  // app/domain holds the rules and writes the outbox; app/runtime tails events, runs jobs and holds
  // sessions, and may import the domain, never the other way round. Routes are the edge.
  // app/utils are leaf helpers the domain uses, so they must not import it back; db/schema is the
  // bottom layer and imports nothing from app/. Resolved by path (the #app/… imports too), so a
  // relative import cannot slip past. The demonstration: tests/unit/boundaries.test.ts.
  {
    files: ['app/**/*.{ts,tsx}', 'db/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
  },
  {
    files: ['app/domain/**/*.{ts,tsx}'],
    // A test drives the whole app: it may start the runtime (job runner, channel manager) or call
    // a route the way a browser would.
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './app/domain',
              from: ['./app/runtime', './app/routes'],
              message:
                'The domain never imports the runtime or routes (ADR 007): write an event or a job (#app/domain/outbox.server.ts), or register a port the runtime fills (onCommit, setPresenceSource).',
            },
            {
              target: './app/domain',
              from: EDGE_HELPERS,
              message:
                'Request-edge helpers are for routes; the domain takes an Actor and plain input.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/utils/**/*.{ts,tsx}'],
    ignores: [...EDGE_HELPERS, '**/*.test.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './app/utils',
              from: './app/domain',
              message:
                'app/utils are leaf helpers the domain imports: importing the domain back makes a circle. Put domain-aware code in the domain or at the edge (routes).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/schema/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './db/schema',
              from: './app',
              message:
                'The schema is the bottom layer: values it needs live in db/ (values.ts, ids.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Resource routes answer a Response (ADR 010, issue 12): resourceData()/answer() from
    // #app/utils/answer.server.ts. data() keeps its status and Set-Cookie only on `.data` requests,
    // and a raw object is a Single Fetch deprecation ("REMIX FUTURE CHANGE" on every request).
    // Every route without a default export is a resource route (tests/unit/resource-routes.test.ts
    // checks this list covers them all).
    files: [
      'app/routes/resources+/**/*.ts',
      'app/routes/simulator+/**/*.ts',
      'app/routes/api+/**/*.ts',
      'app/routes/*.ts',
      'app/routes/_auth+/logout.tsx',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@remix-run/node',
              importNames: ['data', 'json', 'unstable_parseMultipartFormData'],
              message:
                'A resource route answers resourceData() or answer() (#app/utils/answer.server.ts): data() keeps its status and Set-Cookie only on `.data` requests.',
            },
            {
              name: '#app/domain/outbox.server.ts',
              importNames: ['writeEventRow'],
              message:
                'Write events with emit (typed by app/domain/events.ts); writeEventRow is for tests that need rows of made-up types.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='formData'][arguments.length=0]",
          message:
            'Read a form with readForm(request) (#app/utils/upload.server.ts): a bad body is a 4xx, not a 500.',
        },
        {
          selector:
            'ExportNamedDeclaration > FunctionDeclaration[id.name=/^(loader|action)$/] ReturnStatement:not(ArrowFunctionExpression ReturnStatement, FunctionExpression ReturnStatement) > :matches(ObjectExpression, ArrayExpression, Literal)',
          message:
            'A resource route returns a Response: wrap the value in resourceData() or answer() (#app/utils/answer.server.ts).',
        },
      ],
    },
  },
)
