// Where the tests' time went: per lane, its files' wall time from the JSON reports (startTime,
// endTime) and their CPU-seconds from NAME.cpu.jsonl (tests/helpers/file-cpu.ts: the vitest worker's
// with its reaped children, and Chromium's), the longest first, and the lane's totals.
// Usage: node .ci/file-times.mjs DIR NAME... (.ci/run); prints nothing for a lane without its report.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, ...lanes] = process.argv.slice(2);
const SHOWN = 12;
for (const lane of lanes) {
  const report = join(dir, `${lane}.json`);
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const cpu = new Map();
  const cpuLog = join(dir, `${lane}.cpu.jsonl`);
  if (existsSync(cpuLog)) {
    for (const line of readFileSync(cpuLog, 'utf8').split('\n').filter(Boolean)) {
      const c = JSON.parse(line);
      cpu.set(c.file, c);
    }
  }
  const files = r.testResults
    .map((t) => {
      const file = relative(process.cwd(), t.name);
      return { file, wall: (t.endTime - t.startTime) / 1000, cpu: cpu.get(file) };
    })
    .sort((a, b) => b.wall - a.wall);
  const sum = (f) => files.reduce((s, x) => s + (x.cpu ? f(x.cpu) : 0), 0);
  const wall = files.reduce((s, x) => s + x.wall, 0);
  console.log(`ci: ${lane}: ${files.length} files, ${wall.toFixed(0)} s in files, ${sum((c) => c.worker).toFixed(0)} CPU-s of workers and their children, ${sum((c) => c.chromium).toFixed(0)} of Chromium; the longest:`);
  for (const f of files.slice(0, SHOWN)) {
    const c = f.cpu ? `${f.cpu.worker.toFixed(1)} + ${f.cpu.chromium.toFixed(1)} CPU-s` : 'CPU unknown';
    console.log(`ci:   ${f.wall.toFixed(1).padStart(6)} s  ${c.padEnd(22)} ${f.file}`);
  }
}
