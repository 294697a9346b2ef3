// Compiles the messages and builds the pages once before the tests, so unit tests,
// the server and browser tests all see the current code and messages.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';

/** protocol/paraglide is generated (not committed): compile it when missing or older than its sources. */
function compileMessages(): void {
  const out = 'protocol/paraglide/messages/_index.js';
  const sources = ['project.inlang/settings.json', ...readdirSync('messages').map((f) => `messages/${f}`)];
  if (existsSync(out) && sources.every((f) => statSync(f).mtimeMs <= statSync(out).mtimeMs)) return;
  execFileSync('npm', ['run', 'i18n', '--silent'], { stdio: 'inherit' });
}

export default function setup(): void {
  compileMessages();
  if (process.env.PODIUM_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
