import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // electron's package downloads its binary when imported: every Node test gets the mock.
    alias: { electron: new URL('./test/unit/mocks/electron.ts', import.meta.url).pathname },
  },
});
