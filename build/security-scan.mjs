// `npm run security:scan` (and a stage of `npm test`): Doyensec's Electronegativity over the built
// app in out/, with the Electron version pinned from package.json. Electronegativity always exits 0
// and first tries to fetch Electron's release list and its translations from the network, so it is
// run with a time bound, its CSV report is parsed, and the build fails on any finding that
// build/electronegativity-allow.json does not list with a reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
const allow = JSON.parse(readFileSync(join(root, 'build/electronegativity-allow.json'), 'utf8')).allow;
const cli = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');

if (!existsSync(join(root, 'out/electron/main.js'))) {
  console.error('security scan: out/ is not built; run "npm run build" first.');
  process.exit(1);
}
if (!existsSync(cli)) {
  console.error('security scan: @doyensec/electronegativity is not installed; run "npm ci".');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'hmc-electronegativity-'));
const report = join(dir, 'report.csv');
let findings;
try {
  const r = spawnSync(process.execPath, [cli, '-i', join(root, 'out'), '-e', electronVersion, '-o', report, '-r', '-v', 'false'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.error || !existsSync(report)) {
    console.error(`security scan: Electronegativity did not produce a report (${r.error?.message ?? `exit ${r.status}`}).`);
    console.error(r.stderr?.slice(-2000) ?? '');
    process.exit(1);
  }
  findings = parse(readFileSync(report, 'utf8'), { columns: true, trim: true, skip_empty_lines: true });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const allowed = (f) => allow.find((a) => a.check === f.issue && a.file === f.filename && typeof a.reason === 'string' && a.reason.length > 20);
const unlisted = findings.filter((f) => !allowed(f));
const unused = allow.filter((a) => !findings.some((f) => f.issue === a.check && f.filename === a.file));
if (!quiet || unlisted.length) {
  console.error(`security scan: Electronegativity (Electron ${electronVersion}) over out/: ${findings.length} finding(s), ${findings.length - unlisted.length} allowed with a reason.`);
}
for (const a of unused) console.error(`security scan: the allow-list entry ${a.check} in ${a.file} matches nothing any more; remove it.`);
if (unlisted.length) {
  for (const f of unlisted) console.error(`  ${f.issue} ${f.severity}/${f.confidence} ${f.filename}:${f.location} ${f.description} (${f.url})`);
  console.error('security scan: fix these, or list each in build/electronegativity-allow.json with the reason it is safe.');
  process.exit(1);
}
