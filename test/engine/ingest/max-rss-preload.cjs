// Preloaded (`node --require`) by tests that bound a child's memory: prints its peak RSS (kB) on exit.
'use strict';
process.on('exit', () => process.stderr.write(`maxrss-kb=${process.resourceUsage().maxRSS}\n`));
