// The panel's build: served by express at /app/ (src/http/web.ts). `npm run build:web` writes dist/.
// The dev server (`npx vite --config ui-extension/web/vite.config.ts`) proxies the API to a running
// `relance serve` on port 3000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const backend = 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': backend, '/signin': backend, '/demo/api': backend, '/launch': backend },
  },
});
