/**
 * The whole loop in a real browser: a citizen reports on the public page, the
 * commune's officer (already signed in) sees it arrive without reloading,
 * answers it, and the citizen reads the answer on the lookup page. The
 * neighbouring commune's officer never learns of it: not in the list, not
 * over the live connection, not by typing its address.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../support/wait.js';
import { LAPTOP, PHONE, launchBrowser, newWatchedContext, screenshot, type BrowserLog } from './support/browser.js';
import { startBrowserHub, type BrowserHub } from './support/hub.js';
import { row, signIn } from './support/officer.js';

let bh: BrowserHub;
let browser: Browser;
const log: BrowserLog = { csp: [], errors: [] };
const shots: string[] = [];

beforeAll(async () => {
  [bh, browser] = await Promise.all([startBrowserHub(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await bh?.close();
  if (shots.length) console.log(`screenshots:\n  ${shots.join('\n  ')}`);
});

const PIXEL = path.resolve('tests/fixtures/web/pixel.png');
const formatted = (code: string) => `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`;

/** The citizen fills the public form on a phone, with a photo and their location; returns the tracking code. */
async function citizenReports(page: Page, description: string): Promise<string> {
  await page.goto(`${bh.baseUrl}/`);
  await page.selectOption('#commune', 'TRAPHU');
  await page.selectOption('#category', 'giao-thong');
  await page.fill('#description', description);
  await page.setInputFiles('#photos', PIXEL);
  await page.fill('#name', 'Nguyễn Thị Hoa');
  await page.getByRole('button', { name: 'Gửi kèm vị trí hiện tại của tôi' }).click();
  await page.getByRole('button', { name: /^✓/ }).waitFor();
  await page.check('input[name=consent]');
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  await page.waitForURL(/\/tra-cuu\/\d{9}/);
  return /\/tra-cuu\/(\d{9})/.exec(page.url())![1]!;
}

async function publicReport(commune: string, description: string): Promise<string> {
  const res = await fetch(`${bh.baseUrl}/api/public/reports`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ commune, category: 'moi-truong', description, consent: true }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

const mentions = (frames: string[], code: string, reportId: number) =>
  frames.filter((f) => f.includes(code) || new RegExp(`"reportId":${reportId}[,}]`).test(f));

describe('officer workspace in the browser', () => {
  it('a citizen report reaches the commune officer live, is answered there, and the answer shows on the lookup page — the other commune never sees it', async () => {
    const phu = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    const binh = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await phu.goto(`${bh.baseUrl}/admin/`);
    await phu.getByLabel('Tên đăng nhập').waitFor();
    shots.push(await screenshot(phu, 'login-laptop'));
    const phuSocket = await signIn(phu, bh.baseUrl, 'xa.traphu');
    const binhSocket = await signIn(binh, bh.baseUrl, 'xa.trabinh');
    // Set in the live document: still there later means the page was never reloaded.
    await phu.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });

    const citizen = await (await newWatchedContext(browser, log, {
      ...PHONE, geolocation: { latitude: 15.25712, longitude: 108.49693 }, permissions: ['geolocation'],
    })).newPage();
    const description = `Cống thoát nước đầu thôn bị tắc, nước tràn ra đường liên xã (${randomUUID().slice(0, 8)})`;
    const code = await citizenReports(citizen, description);

    await row(phu, code).waitFor({ timeout: 20_000 });
    expect(await phu.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(phuSocket.frames.some((f) => f.startsWith('42["report.created"') && f.includes(code))).toBe(true);
    expect(await row(phu, code).getAttribute('class')).toContain('row-unread');
    const reportId = Number(await row(phu, code).getAttribute('data-report-id'));
    shots.push(await screenshot(phu, 'inbox-laptop'));

    // Trà Bình's live connection works (its own report arrives)…
    const own = await publicReport('TRABINH', 'Rác thải đổ bừa bãi cạnh chợ Trà Bình, bốc mùi hôi');
    await row(binh, own).waitFor({ timeout: 20_000 });
    // …and carried nothing about Trà Phú's report, which is not in its list either.
    expect(mentions(binhSocket.frames, code, reportId)).toEqual([]);
    expect(await row(binh, code).count()).toBe(0);

    await row(phu, code).locator('a').click();
    await phu.locator('.report-code', { hasText: formatted(code) }).waitFor();
    expect(await phu.locator('.msg-in .msg-text').first().textContent()).toBe(description);
    expect(await phu.locator('.thumb img').count()).toBe(1);
    expect(await phu.locator('.location a').getAttribute('href')).toContain('openstreetmap.org/?mlat=15.25712');
    expect(await row(phu, code).getAttribute('class')).not.toContain('row-unread');

    const answer = 'UBND xã Trà Phú đã cử tổ công tác nạo vét cống, dự kiến xong trong ngày mai. Cảm ơn bà đã phản ánh.';
    await phu.getByLabel('Nội dung trả lời').fill(answer);
    await phu.getByText('Gửi qua: Trang tra cứu').waitFor();
    await phu.getByRole('button', { name: 'Gửi và đánh dấu đã trả lời' }).click();
    const sent = phu.locator('.msg-out', { hasText: answer });
    await sent.locator('.tick[data-status="sent"]').waitFor();
    await phu.locator('.report-title .badge', { hasText: 'Đã trả lời' }).waitFor();
    await row(phu, code).locator('.badge', { hasText: 'Đã trả lời' }).waitFor();
    await phu.locator('.detail-pane').evaluate((el) => el.scrollTo(0, 0));
    shots.push(await screenshot(phu, 'report-laptop'));

    await citizen.goto(`${bh.baseUrl}/tra-cuu/${code}`);
    expect(await citizen.locator('blockquote.reply').first().textContent()).toContain(answer);

    // Trà Bình by address: the API says 404 and the page says "not found".
    expect((await binh.request.get(`${bh.baseUrl}/api/reports/${reportId}`)).status()).toBe(404);
    await binh.goto(`${bh.baseUrl}/admin/reports/${reportId}`);
    await binh.getByText('Không tìm thấy phản ánh này').waitFor();
    await binh.getByLabel('Tìm kiếm').fill(code);
    await binh.getByText('Không có phản ánh nào phù hợp.').waitFor();
    expect(mentions(binhSocket.frames, code, reportId)).toEqual([]);

    expect(log.csp).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it('on a phone the inbox and the report take the screen one at a time', async () => {
    const code = await publicReport('TRAPHU', 'Đèn đường trước trường tiểu học Trà Phú bị hỏng đã một tuần, buổi tối rất tối');
    const phone = await (await newWatchedContext(browser, log, PHONE)).newPage();
    await signIn(phone, bh.baseUrl, 'xa.traphu');
    await row(phone, code).waitFor();
    shots.push(await screenshot(phone, 'inbox-phone'));

    await row(phone, code).locator('a').click();
    await phone.locator('.report-code', { hasText: formatted(code) }).waitFor();
    expect(await phone.locator('.list-pane').isVisible()).toBe(false);
    shots.push(await screenshot(phone, 'report-phone'));
    await phone.locator('#reply-text').scrollIntoViewIfNeeded();
    await phone.getByLabel('Nội dung trả lời').fill('Xã đã báo điện lực thay bóng đèn.');
    await waitFor(async () => (await phone.locator('.meter-line').textContent())?.includes('ký tự'), { what: 'the character count' });
    shots.push(await screenshot(phone, 'report-phone-reply'));

    await phone.getByRole('button', { name: /Quay lại/ }).click();
    await row(phone, code).waitFor();
    expect(await phone.locator('.detail-pane').isVisible()).toBe(false);

    // English, remembered across a reload.
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { name: 'Reports of your unit' }).waitFor();
    await phone.reload();
    await phone.getByRole('heading', { name: 'Reports of your unit' }).waitFor();
    await row(phone, code).locator('a').click();
    await phone.getByRole('button', { name: 'Start work' }).waitFor();
    shots.push(await screenshot(phone, 'report-phone-en'));

    expect(log.csp).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
