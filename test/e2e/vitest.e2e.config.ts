import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests (`npm run test:e2e`, after scripts/e2e-setup.sh): the extension in a real VS Code (code-server)
 * driven by Debian Chromium, and the bill preview rendered in Chromium. One file at a time: each drives a browser.
 */
export default defineConfig({
    test: {
        root: new URL('../..', import.meta.url).pathname,
        include: ['test/e2e/**/*.e2e.ts', 'test/client/**/*.browser.ts'],
        globalSetup: ['test/global-setup.ts'],
        testTimeout: 180_000,
        hookTimeout: 600_000,
        pool: 'forks',
        fileParallelism: false,
    },
});
