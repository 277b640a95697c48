/**
 * How the api serves the built workspace at /admin: long cache for hashed
 * assets, index.html for the app's own paths, real 404s for missing assets,
 * and a clear bilingual page when nothing is built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUiRoutes } from '../../src/web/admin-ui.routes.js';

let built: string;
let empty: string;

beforeAll(() => {
  built = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-ui-'));
  empty = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-ui-none-'));
  fs.mkdirSync(path.join(built, 'assets'));
  fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Cầu Nối</title><script type="module" src="/admin/assets/index-Ab12Cd34.js"></script>');
  fs.writeFileSync(path.join(built, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
  fs.writeFileSync(path.join(built, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});
afterAll(() => {
  fs.rmSync(built, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
});

const appWith = (dirs: string[]) => {
  const app = express();
  app.use(adminUiRoutes({ dirs }));
  app.use((_req, res) => { res.status(404).json({ error: { code: 'not_found' } }); });
  return app;
};

describe('serving the officer workspace at /admin', () => {
  it('hashed assets are cached for a year, index.html is revalidated every time', async () => {
    const app = appWith([empty, built]);
    const asset = await request(app).get('/admin/assets/index-Ab12Cd34.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await request(app).get('/admin/').expect(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.text).toContain('/admin/assets/index-Ab12Cd34.js');
    const other = await request(app).get('/admin/favicon.svg').expect(200);
    expect(other.headers['cache-control']).toBe('no-cache');
  });

  it('the app’s own paths get index.html, so deep links and reloads work', async () => {
    const app = appWith([built]);
    for (const p of ['/admin/reports/42', '/admin/users', '/admin/audit?action=report.reveal']) {
      const res = await request(app).get(p).expect(200);
      expect(res.text).toContain('<title>Cầu Nối</title>');
    }
    const bare = await request(app).get('/admin?x=1').expect(301);
    expect(bare.headers.location).toBe('/admin/?x=1');
  });

  it('a missing asset is a 404, not the app posing as a script', async () => {
    const app = appWith([built]);
    await request(app).get('/admin/assets/index-Old00000.js').expect(404);
    await request(app).get('/admin/robots.txt').expect(404);
  });

  it('without a build /admin explains, in Vietnamese and English, how to build it', async () => {
    const res = await request(appWith([empty])).get('/admin/reports/1').expect(503);
    expect(res.text).toContain('Giao diện cán bộ chưa được dựng');
    expect(res.text).toContain('The officer workspace is not built');
    expect(res.text).toContain('npm run build');
  });
});
