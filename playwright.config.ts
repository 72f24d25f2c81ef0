import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, e2eBaseUrl, e2ePort } from './test/e2e/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: e2eBaseUrl,
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    // `npm test` builds first; the e2e run serves that build in browser mode.
    command: `node scripts/web.js --no-build --port ${e2ePort}`,
    url: `${e2eBaseUrl}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
