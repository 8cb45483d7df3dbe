// ESLint 9 flat config. Syntax-only (no type-aware rules) so `npm run lint` stays fast;
// `npm run typecheck` is what checks types.
import js from '@eslint/js'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
          ],
        },
      ],
    },
  },
  {
    // Resource routes answer a Response (ADR 010, issue 12): resourceData()/answer() from
    // #app/utils/answer.server.ts. data() keeps its status and Set-Cookie only on `.data` requests,
    // and a raw object is a Single Fetch deprecation ("REMIX FUTURE CHANGE" on every request).
    files: ['app/routes/resources+/**/*.ts', 'app/routes/simulator+/**/*.ts'],
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
