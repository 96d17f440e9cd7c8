#!/usr/bin/env node
'use strict';
// The `hmc` command: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via prepare).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'out', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('hmc is not built yet: run "npm run build" in ' + join(__dirname, '..') + ' and try again.\n');
  process.exit(2);
}
require(cli);
