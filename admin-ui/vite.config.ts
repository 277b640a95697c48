/**
 * The officer workspace (served by the api at /admin). `vite build --config
 * admin-ui/vite.config.ts` writes admin-ui/dist; the api serves it, and
 * scripts/copy-assets.mjs copies it to dist/admin-ui for production.
 *
 * Dev server: `npx vite --config admin-ui/vite.config.ts` with the api on
 * API_TARGET (default http://localhost:3000). The Host header is kept
 * (changeOrigin off) because the socket handshake refuses a foreign Origin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_TARGET ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inlined assets: keeps every file under the strict CSP's 'self' rules and cacheable.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/socket.io': { target: api, changeOrigin: false, ws: true },
      '/static': { target: api, changeOrigin: false },
    },
  },
});
