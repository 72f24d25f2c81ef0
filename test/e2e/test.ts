import { expect, test as base } from '@playwright/test';

/**
 * Every end-to-end test, failing on any error the app's pages raise and nobody handled: a read that
 * failed inside a `void` promise once hid a whole list from the Sync screen and no test saw it.
 * Tests that provoke an error on purpose take it off with `expectPageErrors`.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on('weberror', (e) => errors.push(e.error().message));
      await use(errors);
      expect(errors, 'errors the page raised and nothing handled').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
