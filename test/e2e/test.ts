import { expect, test as base } from '@playwright/test';

/**
 * Every end-to-end test, failing on any error the app's pages raise and nobody handled: a read that
 * failed inside a `void` promise once hid a whole list from the Sync screen and no test saw it.
 * A test that provokes one on purpose takes the `pageErrors` fixture and empties it once checked.
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
