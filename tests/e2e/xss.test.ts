/**
 * Nothing a citizen wrote is ever rendered as HTML (DESIGN.md invariant 7),
 * checked where it matters: in the officer's browser. Script, event-handler
 * and javascript: payloads in a report must show as literal text and never
 * run; officer HTML carrying the same payloads is cleaned before display.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../support/wait.js';
import { LAPTOP, launchBrowser, newWatchedContext, screenshot, type BrowserLog } from './support/browser.js';
import { startBrowserHub, type BrowserHub } from './support/hub.js';
import { csrfOf, row, signIn } from './support/officer.js';

let bh: BrowserHub;
let browser: Browser;
let page: Page;
const log: BrowserLog = { csp: [], errors: [] };

const PAYLOAD = [
  'Ảnh hiện trường: <img src=x onerror=window.__xss=1>',
  'Chi tiết: <script>window.__xss=2</script>',
  'Xem thêm <a href="javascript:window.__xss=3">tại đây</a> hoặc javascript:window.__xss=4',
].join('\n');

const xss = (p: Page) => p.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

beforeAll(async () => {
  [bh, browser] = await Promise.all([startBrowserHub(), launchBrowser()]);
  page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
  await signIn(page, bh.baseUrl, 'xa.traphu');
});
afterAll(async () => {
  await browser?.close();
  await bh?.close();
});

async function submit(description: string): Promise<string> {
  const res = await fetch(`${bh.baseUrl}/api/public/reports`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ commune: 'TRAPHU', category: 'khac', description, name: '<b onmouseover=window.__xss=5>Tèo</b>', consent: true }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

/** No element the payloads would have created exists anywhere in the document. */
async function injected(p: Page): Promise<number> {
  return p.locator('img[src="x"], [onerror], [onmouseover], script:not([src]), a[href^="javascript:" i]').count();
}

describe('citizen text in the officer workspace', () => {
  it('script, event-handler and javascript: payloads in a report are shown as text and never run', async () => {
    const code = await submit(PAYLOAD);
    await row(page, code).waitFor({ timeout: 20_000 });
    const excerpt = await row(page, code).locator('.row-excerpt').textContent();
    expect(excerpt).toContain('<img src=x onerror=window.__xss=1>');

    await row(page, code).locator('a').click();
    const message = page.locator('.msg-in .msg-text').first();
    await message.waitFor();
    expect(await message.textContent()).toBe(PAYLOAD);
    expect(await message.locator('*').count()).toBe(0);
    expect(await injected(page)).toBe(0);
    expect(await xss(page)).toBeUndefined();
    await screenshot(page, 'xss-report-laptop');
    expect(log.csp).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it('officer HTML with the same payloads is cleaned before it is shown', async () => {
    const code = await submit('Đường bê tông thôn 2 bị nứt, cần sửa trước mùa mưa');
    await row(page, code).waitFor({ timeout: 20_000 });
    const reportId = Number(await row(page, code).getAttribute('data-report-id'));
    const html = '<p>Đã <b>tiếp nhận</b>.</p><img src=x onerror=window.__xss=6><script>window.__xss=7</script>'
      + '<a href="javascript:window.__xss=8">bấm</a> <a href="https://dichvucong.gov.vn">Cổng dịch vụ công</a>';
    const res = await page.request.post(`${bh.baseUrl}/api/reports/${reportId}/replies`, {
      headers: { 'X-CSRF-Token': await csrfOf(page, bh.baseUrl) },
      data: { text: 'Đã tiếp nhận. Cổng dịch vụ công: https://dichvucong.gov.vn', html },
    });
    expect(res.status()).toBe(201);

    await row(page, code).locator('a').click();
    const reply = page.locator('.msg-out .msg-html').first();
    await reply.waitFor();
    await waitFor(async () => (await reply.locator('b').textContent()) === 'tiếp nhận', { what: 'the formatted reply' });
    expect(await reply.locator('a[href="https://dichvucong.gov.vn"]').getAttribute('rel')).toContain('noopener');
    expect(await injected(page)).toBe(0);
    expect(await xss(page)).toBeUndefined();
    expect(log.csp).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
