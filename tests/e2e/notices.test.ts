/**
 * The notices screens in a real browser, on a hub with the fake eSMS gateway
 * and the workers running in-process (tests/support/notices-hub.ts): a leader
 * composes with the live preview, sends, and watches the progress bar fill
 * as the gateway receives the SMS; a notice above the approval threshold waits
 * for a second leader; server field errors show in the officer's language; a
 * scheduled notice is cancelled; a subscriber list is imported (and refused
 * line by line when consent is missing).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { notices, subscriptions, units } from '../../src/db/schema/index.js';
import { addSubscriber, noticeRow, phoneNo, startNoticesHub, type NoticesHub } from '../support/notices-hub.js';
import { waitFor } from '../support/wait.js';
import { addUser, PASSWORD } from '../support/workspace.js';
import { LAPTOP, launchBrowser, newWatchedContext, PHONE, screenshot, type BrowserLog } from './support/browser.js';
import { csrfOf, signIn } from './support/officer.js';

const THRESHOLD = 3;
let h: NoticesHub;
let browser: Browser;
const log: BrowserLog = { csp: [], errors: [] };

beforeAll(async () => {
  [h, browser] = await Promise.all([startNoticesHub({ env: { NOTICE_APPROVAL_THRESHOLD: String(THRESHOLD) } }), launchBrowser()]);
  const districtId = h.hub.demo.districtId;
  await addUser(h.db, { username: 'lanhdao.huyen', role: 'leader', unitId: districtId, displayName: 'Chủ tịch UBND huyện' });
  await addUser(h.db, { username: 'phochutich', role: 'leader', unitId: districtId, displayName: 'Phó Chủ tịch UBND huyện' });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const newPage = async (opts = LAPTOP) => (await newWatchedContext(browser, log, opts)).newPage();
const expectCleanConsole = () => expect(log).toEqual({ csp: [], errors: [] });

async function unitName(code: string): Promise<string> {
  const [u] = await h.db.select({ name: units.name }).from(units).where(eq(units.id, h.hub.demo.units[code]!));
  return u!.name;
}

async function subscribers(code: string, n: number) {
  const phones = Array.from({ length: n }, () => phoneNo());
  for (const p of phones) await addSubscriber(h.db, { unitId: h.hub.demo.units[code]!, phone: p.e164 });
  return phones;
}
const smsTo = (phones: { national: string }[]) => h.esms.sent.filter((s) => phones.some((p) => p.national === s.to));

async function openCompose(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Thông báo', exact: true }).click();
  await page.getByRole('heading', { name: 'Thông báo đến người dân' }).waitFor();
  await page.getByRole('button', { name: 'Soạn thông báo', exact: true }).click();
  await page.getByRole('heading', { name: 'Soạn thông báo mới' }).waitFor();
}

async function draft(page: Page, d: { title: string; text: string; unit: string }): Promise<void> {
  await page.getByLabel('Tiêu đề', { exact: true }).fill(d.title);
  await page.getByLabel('Nội dung', { exact: true }).fill(d.text);
  await page.getByRole('checkbox', { name: new RegExp(d.unit) }).check();
}

async function sendDraft(page: Page, confirm: string, title = 'Xác nhận gửi thông báo'): Promise<void> {
  await page.getByRole('button', { name: 'Gửi thông báo' }).click();
  await page.getByRole('dialog', { name: title }).getByRole('button', { name: confirm, exact: true }).click();
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const percent = (page: Page) => page.locator('#nt-progress [role="progressbar"]').getAttribute('aria-valuenow', { timeout: 1000 });
const count = async (page: Page, k: string) => Number((await text(page, `#nt-progress .nt-count[data-count="${k}"] dd`)).replace(/\D/g, ''));
const status = (page: Page) => page.locator('article.nt-detail').getAttribute('data-status', { timeout: 1000 });

describe('sending a notice', () => {
  it('a leader sees the live preview, sends, and the progress bar reaches 100 % as the gateway receives every SMS; failed ones can be retried', async () => {
    const phones = await subscribers('TRAHIEP', 3);
    const commune = await unitName('TRAHIEP');
    h.esms.failNext('invalid_number', 1, phones[2]!.national);
    const page = await newPage();
    await signIn(page, h.url, 'lanhdao.huyen', PASSWORD);
    await openCompose(page);
    await draft(page, { title: 'Lịch tiêm chủng', text: 'Thứ Bảy 14/3 tiêm vắc-xin sởi tại trạm y tế xã.', unit: commune });

    await page.getByTestId('preview-recipients').filter({ hasText: 'Khoảng 3 người nhận' }).waitFor();
    await page.locator('.nt-pv-segments', { hasText: '1 tin SMS mỗi người' }).waitFor();
    expect(await page.getByTestId('preview-approval').getAttribute('data-required')).toBe('false');
    // Typing on: the preview follows, here into a second SMS segment.
    const longer = `Thứ Bảy 14/3 tiêm vắc-xin sởi tại trạm y tế xã. Mang theo sổ tiêm chủng và thẻ bảo hiểm y tế của trẻ; phụ huynh đưa trẻ đến từ 7 giờ sáng.`;
    await page.getByLabel('Nội dung', { exact: true }).fill(longer);
    await page.locator('.nt-pv-segments', { hasText: '2 tin SMS mỗi người' }).waitFor();
    await waitFor(async () => !(await page.locator('.nt-preview').getAttribute('aria-busy') === 'true'), { what: 'the preview to settle' });

    // What the page shows is what the server computes for this draft.
    const res = await page.request.post(`${h.url}/api/notices/preview`, {
      headers: { 'X-CSRF-Token': await csrfOf(page, h.url) },
      data: { title: 'Lịch tiêm chủng', text: longer, unitCodes: ['TRAHIEP'], channels: ['sms', 'zalo', 'board'], emergency: false },
    });
    const server = (await res.json()) as { sms: { encoding: string; segments: number; parts: number; text: string }; estimatedMessages: { total: number } };
    expect(server.sms.segments).toBe(2);
    // This deployment (eSMS) sends a long text as separately numbered parts; the preview says so.
    expect(server.sms.parts).toBe(2);
    await page.getByText('Nội dung dài: được gửi thành 2 tin riêng.').waitFor();
    expect(server.estimatedMessages.total).toBe(3 * server.sms.parts);
    expect(await page.locator('[data-encoding]').getAttribute('data-encoding')).toBe(server.sms.encoding);
    expect(server.sms.encoding).toBe('GSM-7');
    const shownSms = await page.getByTestId('preview-sms-text').textContent();
    expect(shownSms).toBe(server.sms.text);
    expect(shownSms).toContain('Lich tiem chung');
    expect(await text(page, '[data-testid="preview-messages"]')).toBe(`Khoảng ${server.estimatedMessages.total} tin nhắn`);
    await screenshot(page, 'notices-compose-laptop');

    await sendDraft(page, 'Gửi');
    await page.waitForURL(/\/admin\/notices\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())![1]);
    await waitFor(async () => (await percent(page)) === '100', { what: 'the progress bar at 100 %', timeout: 30_000 });
    await waitFor(async () => (await status(page)) === 'sent', { what: 'the notice sent' });
    await page.locator('.nt-detail-title .badge', { hasText: 'Đã gửi xong' }).waitFor();

    // The gateway got every part for the two good numbers, none for the refused one; the text is the previewed one.
    const received = smsTo(phones);
    const reached = new Set(received.map((s) => s.to));
    expect([...reached].sort()).toEqual([phones[0]!.national, phones[1]!.national].sort());
    expect(received).toHaveLength(reached.size * server.sms.parts);
    for (const to of reached) {
      const parts = received.filter((s) => s.to === to).map((s) => s.text).sort();
      expect(parts[0]!.startsWith(`(1/2) ${shownSms!.slice(0, 40)}`)).toBe(true);
      expect(parts[1]!.endsWith(shownSms!.slice(-30))).toBe(true);
    }
    await waitFor(async () => (await count(page, 'total')) === 3 && (await count(page, 'failed')) === 1, { what: 'total 3, failed 1' });
    expect((await count(page, 'sent')) + (await count(page, 'delivered'))).toBe(reached.size);

    // Receipts arrive: the counts move on the open page, live.
    for (const s of received) await h.esms.deliveryReport(s);
    await waitFor(async () => (await count(page, 'delivered')) === reached.size, { what: '2 delivered on the page', timeout: 20_000 });

    await page.getByRole('button', { name: 'Gửi lại 1 tin lỗi' }).click();
    await page.getByText('Đang gửi lại 1 tin lỗi.').waitFor();
    await waitFor(() => new Set(smsTo(phones).map((s) => s.to)).size === 3, { what: 'the retried SMS at the gateway' });
    await waitFor(async () => (await count(page, 'failed')) === 0 && (await count(page, 'sent')) + (await count(page, 'delivered')) === 3
      && (await percent(page)) === '100', { what: 'the retry counted', timeout: 20_000 });
    await page.getByRole('button', { name: /Gửi lại/ }).waitFor({ state: 'detached' });
    expect((await noticeRow(h, id)).status).toBe('sent');
    await page.getByRole('link', { name: /\/thong-bao\/TRAHIEP/ }).waitFor();
    await screenshot(page, 'notices-detail-laptop');

    await page.getByRole('link', { name: 'Danh sách thông báo', exact: true }).click();
    const row = page.locator(`li.nt-row[data-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('sent');
    expect(await row.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'notices-list-laptop');
    expectCleanConsole();
  }, 120_000);

  it('a notice above the approval threshold waits until a second leader approves it, and its author sees it go out live', async () => {
    const phones = await subscribers('TRATHUY', THRESHOLD + 1);
    const commune = await unitName('TRATHUY');
    const author = await newPage();
    await signIn(author, h.url, 'lanhdao.huyen', PASSWORD);
    await openCompose(author);
    await draft(author, { title: 'Họp dân về đường liên thôn', text: 'Mời bà con dự họp lúc 8 giờ Chủ nhật tại nhà văn hóa thôn.', unit: commune });
    await author.getByTestId('preview-approval').filter({ hasText: `Cần lãnh đạo khác duyệt: số người nhận vượt ngưỡng ${THRESHOLD}.` }).waitFor();
    await sendDraft(author, 'Gửi đi chờ duyệt');
    await author.waitForURL(/\/admin\/notices\/\d+$/);
    const id = Number(/(\d+)$/.exec(author.url())![1]);
    await author.getByText('Thông báo đang chờ một lãnh đạo khác duyệt.').waitFor();
    await author.getByText('Bạn là người soạn nên không thể tự duyệt.').waitFor();
    expect(await author.getByRole('button', { name: 'Duyệt và gửi' }).count()).toBe(0);
    expect(await status(author)).toBe('pending_approval');
    await screenshot(author, 'notices-pending-laptop');

    const approver = await newPage(PHONE);
    await signIn(approver, h.url, 'phochutich', PASSWORD);
    await approver.getByRole('link', { name: 'Thông báo', exact: true }).click();
    const row = approver.locator(`li.nt-row[data-id="${id}"]`);
    await row.locator('.badge', { hasText: 'Chờ duyệt' }).waitFor();
    await screenshot(approver, 'notices-list-phone');
    expect(smsTo(phones)).toHaveLength(0);
    await row.getByRole('link').click();
    await approver.getByRole('button', { name: 'Duyệt và gửi' }).click();
    await approver.getByText('Đã duyệt thông báo.').waitFor();

    await waitFor(() => smsTo(phones).length === THRESHOLD + 1, { what: 'every SMS at the gateway', timeout: 30_000 });
    // The author's page, untouched since: the socket brings the new status and the full bar.
    await waitFor(async () => (await status(author)) === 'sent' && (await percent(author)) === '100', { what: 'the author’s page at 100 %', timeout: 30_000 });
    expect(await count(author, 'sent')).toBe(THRESHOLD + 1);
    await author.locator('.nt-facts', { hasText: 'Phó Chủ tịch UBND huyện' }).waitFor();
    await waitFor(async () => (await status(approver)) === 'sent', { what: 'the approver’s page sent' });
    await screenshot(approver, 'notices-detail-phone');
    expect((await noticeRow(h, id)).approvedByUserId).not.toBeNull();
    expectCleanConsole();
  }, 120_000);

  it('a server field error shows beside its field in the officer’s language, and a scheduled notice can be cancelled', async () => {
    const phones = await subscribers('TRAXINH', 1);
    const commune = await unitName('TRAXINH');
    const page = await newPage(PHONE);
    await signIn(page, h.url, 'lanhdao.huyen', PASSWORD);
    await openCompose(page);
    await draft(page, { title: 'Cắt điện bảo trì', text: 'Cắt điện từ 7 giờ đến 11 giờ để bảo trì đường dây.', unit: commune });
    // The emergency flag changes what citizens get: the alert prefix, no stop line.
    await page.getByTestId('preview-sms-text').filter({ hasText: 'Soan HUY de ngung nhan thong bao.' }).waitFor();
    await page.getByLabel('Cảnh báo khẩn cấp').check();
    await page.getByTestId('preview-sms-text').filter({ hasText: /^KHAN CAP - / }).waitFor();
    expect(await page.getByTestId('preview-sms-text').textContent()).not.toContain('HUY');
    await page.getByRole('button', { name: 'Gửi cảnh báo khẩn cấp' }).waitFor();
    await page.getByLabel('Cảnh báo khẩn cấp').uncheck();
    await page.getByLabel('Hẹn giờ gửi').check();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    await page.getByLabel('Ngày giờ gửi (giờ Việt Nam)').fill(`${day(-1)}T07:00`);
    await page.getByRole('button', { name: 'Hẹn giờ gửi', exact: true }).last().click();
    await page.getByRole('dialog', { name: 'Xác nhận gửi thông báo' }).getByRole('button', { name: 'Gửi', exact: true }).click();
    const err = page.locator('#nt-when-err');
    await err.filter({ hasText: 'Thời điểm gửi đã qua.' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await err.filter({ hasText: 'The send time is in the past.' }).waitFor();
    await err.scrollIntoViewIfNeeded();
    await screenshot(page, 'notices-field-error-phone-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByTestId('preview-sms').scrollIntoViewIfNeeded();
    await screenshot(page, 'notices-preview-phone');

    await page.getByLabel('Ngày giờ gửi (giờ Việt Nam)').fill(`${day(2)}T07:00`);
    await page.getByRole('button', { name: 'Hẹn giờ gửi', exact: true }).last().click();
    await page.getByRole('dialog', { name: 'Xác nhận gửi thông báo' }).getByRole('button', { name: 'Gửi', exact: true }).click();
    await page.waitForURL(/\/admin\/notices\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())![1]);
    await waitFor(async () => (await status(page)) === 'scheduled', { what: 'the notice scheduled' });
    await page.getByText('Chưa gửi: đang chờ đến giờ hẹn.').waitFor();
    await page.getByRole('button', { name: 'Hủy gửi' }).click();
    await page.getByRole('dialog', { name: 'Hủy gửi thông báo?' }).getByRole('button', { name: 'Hủy gửi' }).click();
    await page.getByText('Đã hủy gửi thông báo.').waitFor();
    await waitFor(async () => (await status(page)) === 'cancelled', { what: 'the notice cancelled' });
    await page.getByRole('button', { name: 'Hủy gửi' }).waitFor({ state: 'detached' });
    const [n] = await h.db.select({ status: notices.status, cancelledBy: notices.cancelledByUserId }).from(notices).where(eq(notices.id, id));
    expect(n).toMatchObject({ status: 'cancelled' });
    expect(n!.cancelledBy).not.toBeNull();
    expect(smsTo(phones)).toHaveLength(0);
    expectCleanConsole();
  }, 120_000);
});

describe('importing subscribers', () => {
  it('a file with a row lacking consent is refused line by line; a correct one subscribes its numbers', async () => {
    const unitId = h.hub.demo.units.TRAPHONG!;
    const countSubs = async () => (await h.db.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.unitId, unitId)))).length;
    const before = await countSubs();
    const [a, b] = [phoneNo(), phoneNo()];
    const page = await newPage();
    await signIn(page, h.url, 'lanhdao.huyen', PASSWORD);
    await page.getByRole('link', { name: 'Thông báo', exact: true }).click();
    await page.getByRole('button', { name: 'Người đăng ký', exact: true }).click();
    await page.getByText('Mỗi dòng phải ghi rõ người dân đồng ý khi nào và bằng cách nào', { exact: false }).waitFor();
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('TRAPHONG');

    const bad = `so_dien_thoai;ngay_dong_y;hinh_thuc_dong_y\n${a.national};01/03/2026;phiếu đăng ký giấy\n${b.national};;họp dân thôn 3\n`;
    await page.getByLabel('Tệp CSV').setInputFiles({ name: 'danh-sach.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByRole('button', { name: 'Nhập danh sách', exact: true }).click();
    const line = page.locator('.nt-line-errors tbody tr');
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    expect((await line.first().locator('td').allTextContents()).map((s) => s.trim())).toEqual(['3', 'Ngày đồng ý', 'Thiếu ngày đồng ý nhận thông báo.']);
    await page.locator('#nt-import-file-err', { hasText: 'chưa nhập dòng nào' }).waitFor();
    expect(await countSubs()).toBe(before);
    await screenshot(page, 'notices-import-errors-laptop');

    const good = `so_dien_thoai;ngay_dong_y;hinh_thuc_dong_y\n${a.national};01/03/2026;phiếu đăng ký giấy\n${b.national};2026-02-15;họp dân thôn 3\n`;
    await page.getByLabel('Tệp CSV').setInputFiles({ name: 'danh-sach.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.getByRole('button', { name: 'Nhập danh sách', exact: true }).click();
    await page.getByTestId('import-imported').filter({ hasText: '2 người đăng ký mới' }).waitFor();
    expect(await page.locator('.nt-line-errors').count()).toBe(0);
    expect(await countSubs()).toBe(before + 2);
    expectCleanConsole();
  }, 60_000);
});
