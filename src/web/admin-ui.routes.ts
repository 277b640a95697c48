/**
 * Serves the built officer workspace (admin-ui/) at /admin: hashed assets with
 * a year-long immutable cache, index.html never cached (it names the current
 * assets), and every other /admin/* path answered with index.html so the
 * app's own router handles deep links. Without a build, /admin says how to
 * make one instead of a bare 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler, type Response } from 'express';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Where the build lives: admin-ui/dist when running from the sources (tsx),
 * dist/admin-ui when running the compiled api (scripts/copy-assets.mjs).
 */
export const ADMIN_UI_DIRS = [
  path.resolve(here, '../../admin-ui/dist'),
  path.resolve(here, '../../admin-ui'),
];

/** A built app has index.html next to its assets/ folder (the sources have no assets/). */
function builtDir(dirs: readonly string[]): string | null {
  return dirs.find((d) => fs.existsSync(path.join(d, 'index.html')) && fs.existsSync(path.join(d, 'assets'))) ?? null;
}

const notBuiltPage = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Cầu Nối · Chưa dựng giao diện cán bộ</title>
<link rel="stylesheet" href="/static/site.css"></head><body><main>
<h1>Giao diện cán bộ chưa được dựng</h1>
<p>Chạy <code>npm run build</code> (hoặc <code>npx vite build --config admin-ui/vite.config.ts</code>) rồi tải lại trang này. <code>npm run demo</code> tự dựng khi cần.</p>
<h1 lang="en">The officer workspace is not built</h1>
<p lang="en">Run <code>npm run build</code> (or <code>npx vite build --config admin-ui/vite.config.ts</code>) and reload this page. <code>npm run demo</code> builds it when needed.</p>
</main></body></html>`;

function sendIndex(res: Response, dir: string): void {
  res.set('Cache-Control', 'no-cache').sendFile(path.join(dir, 'index.html'));
}

export function adminUiRoutes(opts: { dirs?: readonly string[] } = {}): Router {
  const dirs = opts.dirs ?? ADMIN_UI_DIRS;
  const r = Router();
  // Looked up per request until found, so a build made while the api runs is picked up.
  let dir: string | null = null;
  let serve: RequestHandler | null = null;
  const current = () => (dir ??= builtDir(dirs));
  const staticFor = (d: string): RequestHandler => (serve ??= express.static(d, {
    index: false, fallthrough: true, redirect: false,
    setHeaders: (res, file) => {
      const hashed = file.startsWith(path.join(d, 'assets') + path.sep);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  }));

  // The app's base is /admin/ (non-strict routing also sends "/admin/" here: let it through).
  r.get('/admin', (req, res, next) => {
    const q = req.originalUrl.indexOf('?');
    if ((q >= 0 ? req.originalUrl.slice(0, q) : req.originalUrl) !== '/admin') { next(); return; }
    res.redirect(301, `/admin/${q >= 0 ? req.originalUrl.slice(q) : ''}`);
  });

  r.use('/admin', (req, res, next) => {
    const d = current();
    if (!d) {
      if (req.method !== 'GET' && req.method !== 'HEAD') { next(); return; }
      res.status(503).set('Cache-Control', 'no-store').type('html').send(notBuiltPage);
      return;
    }
    staticFor(d)(req, res, next);
  });

  // SPA fallback: app routes get index.html; a missing asset stays a 404 (not HTML posing as a script).
  r.get('/admin/{*rest}', (req, res, next) => {
    const d = current();
    if (!d || req.path.startsWith('/admin/assets/') || path.extname(req.path) !== '') { next(); return; }
    sendIndex(res, d);
  });

  return r;
}
