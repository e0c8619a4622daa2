#!/usr/bin/env node
// Launcher of the `billing` CLI: the code is the esbuild bundle out/cli.cjs (`npm run build` or `npm run bundle`).
'use strict';
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'out', 'cli.cjs');
try {
    require.resolve(bundle);
} catch {
    process.stderr.write(`billing: ${bundle} is missing; run \`npm run build\` first\n`);
    process.exit(2);
}
// Stack traces of internal errors then point at the TypeScript sources (the bundle ships its source map).
process.setSourceMapsEnabled(true);
require(bundle);
