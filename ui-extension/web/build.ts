// Builds the panel when its sources are newer than the build (or with --force): `npm start` and the
// test suite run this, so a fresh clone or an edited panel is served current without a wasted build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(root, '../..');
const builtIndex = path.join(root, 'dist', 'index.html');
// The panel's own files, and the API schemas its types come from.
const inputs = [
  path.join(root, 'src'),
  path.join(root, 'index.html'),
  path.join(root, 'vite.config.ts'),
  path.join(root, 'public'),
  path.join(repo, 'src/http/api/schemas.ts'),
];

function newest(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

export function webBuildIsStale(): boolean {
  const built = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
  return inputs.some((p) => newest(p) > built);
}

export async function buildWeb(opts: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!opts.force && !webBuildIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: opts.quiet ? 'warn' : 'info' });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const quiet = process.argv.includes('--quiet');
  const built = await buildWeb({ force, quiet });
  if (!built && !quiet) console.log('panel build is current (ui-extension/web/dist)');
}
