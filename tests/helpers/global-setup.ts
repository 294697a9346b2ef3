// Builds the pages once before the tests, so browser tests see the current code.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.PODIUM_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
