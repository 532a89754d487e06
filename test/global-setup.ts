// Runs once before all test files: the same reachability check as test/preflight.mjs, so that
// `npx vitest` run directly also says clearly when a service is down.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['test/preflight.mjs'], { stdio: 'inherit' });
  // The web panel is served from its Vite build: rebuild it only when its sources are newer.
  execFileSync(process.execPath, ['--import', 'tsx', 'ui-extension/web/build.ts', '--quiet'], {
    stdio: 'inherit',
  });
}
