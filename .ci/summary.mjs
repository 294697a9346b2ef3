// The tests' one line, `N passed, M failed`, from the lanes' JSON reports (.ci/run). A lane whose
// vitest left no report, reported no test, or exited with an error its report does not count (a
// crash, an error outside a test) counts as a failure, never as 0 failed; so does a test file
// that no lane ran.
// Usage: node .ci/summary.mjs DIR NAME=EXIT_STATUS...
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, ...lanes] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const ran = new Set();
for (const lane of lanes) {
  const [name, status] = lane.split('=');
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) {
    console.log(`ci: no report from ${name} (exit ${status})`);
    failed++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const lanePassed = r.numPassedTests;
  const laneFailed = r.numFailedTests + (r.numRuntimeErrorTests ?? 0) + r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  passed += lanePassed;
  failed += laneFailed;
  for (const t of r.testResults) ran.add(relative(process.cwd(), t.name));
  if (r.numTotalTests === 0) {
    console.log(`ci: ${name} reported no test`);
    failed++;
  } else if (status !== '0' && laneFailed === 0) {
    console.log(`ci: ${name} exited with ${status} though its report counts no failed test (an error outside the tests: see its log)`);
    failed++;
  }
}
const all = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(d, e.name)) : e.name.endsWith('.test.ts') ? [join(d, e.name)] : []));
for (const file of all('tests').filter((f) => !ran.has(f))) {
  console.log(`ci: ${file} ran in no lane`);
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
