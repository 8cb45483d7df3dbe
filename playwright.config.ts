import path from 'node:path'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3999)
// One data folder per port, so two runs side by side never share (or wipe) a database.
const dataDir = path.resolve(`tests/.tmp/e2e-${PORT}`)

// The test process opens the same SQLite file as the server (fixtures create users directly).
process.env.DATABASE_PATH = path.join(dataDir, 'balcao.db')
process.env.MEDIA_DIR = path.join(dataDir, 'media')
process.env.LOG_LEVEL ??= 'warn'
// A run on another port builds into its own folder, so parallel runs never rebuild each other's app.
const buildDir = PORT === 3999 ? 'build' : `tests/.tmp/build-${PORT}`

export default defineConfig({
  testDir: './tests/e2e',
  outputDir: `test-results/${PORT}`,
  // A journey of twenty steps on a busy 2-core machine (CI): each step may take a few seconds.
  timeout: 60_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'first-run', testMatch: /first-run\.spec\.ts/ },
    { name: 'app', testIgnore: /first-run\.spec\.ts/, dependencies: ['first-run'] },
  ],
  webServer: {
    command: 'npx tsx tests/e2e-server.ts',
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATABASE_PATH: process.env.DATABASE_PATH,
      MEDIA_DIR: process.env.MEDIA_DIR,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      RATE_LIMIT_FACTOR: '1000',
      NODE_ENV: 'production',
      BUILD_DIR: buildDir,
    },
  },
})
