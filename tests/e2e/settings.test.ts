/**
 * The administrator's settings in a real browser: adding a commune (after a
 * refused attempt that shows the field's error), adding a keyword routing rule
 * that sends to it, trying a text in the routing box, and a citizen report
 * that the workers then route there. Screenshots go to tests/e2e/artifacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { and, eq, isNull } from 'drizzle-orm';
import { slaPolicies, units } from '../../src/db/schema/index.js';
import { waitForReport } from '../support/hub-helpers.js';
import { LAPTOP, launchBrowser, newWatchedContext, screenshot, type BrowserLog } from './support/browser.js';
import { startBrowserHub, type BrowserHub } from './support/hub.js';
import { signIn } from './support/officer.js';

let bh: BrowserHub;
let browser: Browser;
const log: BrowserLog = { csp: [], errors: [] };

beforeAll(async () => {
  [bh, browser] = await Promise.all([startBrowserHub(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await bh?.close();
});

describe('settings', () => {
  it('an administrator adds a commune and a keyword rule to it; the test box and a real report go there', async () => {
    const page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await signIn(page, bh.baseUrl, 'admin');
    await page.getByRole('link', { name: 'Cấu hình' }).click();
    await page.getByRole('heading', { name: 'Cấu hình hệ thống' }).waitFor();
    await page.getByRole('link', { name: 'Đơn vị hành chính' }).waitFor();
    await page.locator('tr[data-unit="TRAPHU"]').waitFor();

    // A commune without a name is refused next to the field.
    await page.locator('summary', { hasText: 'Thêm đơn vị' }).click();
    await page.getByLabel('Thuộc đơn vị').selectOption(String(bh.hub.demo.districtId));
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.locator('#unit-name-err', { hasText: 'Tên cần 2–120 ký tự.' }).waitFor();
    expect(await page.getByLabel('Tên đơn vị').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Tên đơn vị').fill('Xã Trà Mới');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm Xã Trà Mới (mã SMS TRAMOI).' }).waitFor();
    const row = page.locator('tr[data-unit="TRAMOI"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('Xã, phường, thị trấn');
    const [created] = await bh.hub.ctx.database.db.select().from(units).where(and(eq(units.smsCode, 'TRAMOI'), isNull(units.validTo)));
    expect(created).toMatchObject({ name: 'Xã Trà Mới', kind: 'commune', parentId: bh.hub.demo.districtId });
    await screenshot(page, 'settings-units');

    await page.getByRole('link', { name: 'Quy tắc phân loại' }).click();
    await page.locator('summary', { hasText: 'Thêm quy tắc' }).click();
    await page.locator('#new-rule-name').fill('Thủy lợi → Xã Trà Mới');
    await page.locator('#new-rule-order').fill('15');
    await page.locator('#new-rule-kw').fill('trạm bơm\nkênh mương');
    await page.locator('#new-rule-target').selectOption(String(created!.id));
    await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm quy tắc “Thủy lợi → Xã Trà Mới”.' }).waitFor();
    await page.getByRole('cell', { name: 'Thủy lợi → Xã Trà Mới', exact: true }).waitFor();

    await page.getByLabel('Nội dung phản ánh').fill('Tram bom thon 3 hong may, ruong kho');
    await page.getByLabel('Xã, phường người dân chọn').selectOption('TRAPHU');
    await page.getByRole('button', { name: 'Thử', exact: true }).click();
    const result = page.locator('.route-result');
    await result.getByText('Đơn vị xử lý: Xã Trà Mới').waitFor();
    expect(await result.textContent()).toContain('Theo quy tắc “Thủy lợi → Xã Trà Mới” (từ khóa “trạm bơm”).');
    await screenshot(page, 'settings-routing');

    // A citizen's report with the keyword is routed there by the workers.
    const res = await fetch(`${bh.baseUrl}/api/public/reports`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ commune: 'TRAPHU', category: 'khac', consent: true, description: 'Trạm bơm thôn 3 hỏng máy, ruộng khô' }),
    });
    expect(res.status).toBe(201);
    const report = await waitForReport(bh.hub.ctx.database.db, ((await res.json()) as { code: string }).code);
    expect(report).toMatchObject({ assignedUnitId: created!.id, routeReason: 'rule' });
    expect(log).toEqual({ csp: [], errors: [] });
  });

  it('merges the new commune after a preview and a ticked confirmation; deadlines and the calendar are edited in place', async () => {
    const page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await signIn(page, bh.baseUrl, 'admin');
    // The dashboard's unit picker has read the units before the merger (the panel is one page: no reload below).
    await page.getByRole('link', { name: 'Thống kê' }).click();
    const picker = page.getByLabel('Đơn vị', { exact: true });
    await picker.locator('option', { hasText: 'Xã Trà Mới' }).waitFor({ state: 'attached' });
    await page.getByRole('link', { name: 'Cấu hình' }).click();
    await page.getByRole('button', { name: 'Sáp nhập… Xã Trà Mới' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sáp nhập Xã Trà Mới' });
    await dialog.getByLabel('Sáp nhập vào đơn vị').selectOption(String(bh.hub.demo.units.TRAPHU));
    await dialog.getByRole('button', { name: 'Xem trước' }).click();
    await dialog.getByText('Phản ánh đang xử lý: 1').waitFor();
    const merge = dialog.getByRole('button', { name: 'Sáp nhập', exact: true });
    expect(await merge.isDisabled()).toBe(true);
    await screenshot(page, 'settings-merge');
    await dialog.getByLabel('Tôi đã kiểm tra và hiểu rằng việc sáp nhập không thể hoàn tác.').check();
    await merge.click();
    await page.getByRole('status').filter({ hasText: 'Đã sáp nhập Xã Trà Mới vào Xã Trà Phú.' }).waitFor();
    const [closed] = await bh.hub.ctx.database.db.select().from(units).where(eq(units.name, 'Xã Trà Mới'));
    expect(closed).toMatchObject({ supersededById: bh.hub.demo.units.TRAPHU });
    expect(closed!.validTo).not.toBeNull();
    // Back on the dashboard, the picker lists the units as they are now.
    await page.getByRole('link', { name: 'Thống kê' }).click();
    await picker.locator('option', { hasText: 'Xã Trà Phú' }).waitFor({ state: 'attached' });
    expect(await picker.locator('option', { hasText: 'Xã Trà Mới' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Cấu hình' }).click();

    await page.getByRole('link', { name: 'Thời hạn xử lý' }).click();
    await page.getByRole('columnheader', { name: 'Giải quyết (giờ làm việc)' }).waitFor();
    await page.getByRole('button', { name: 'Bỏ' }).first().click();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('alert').getByText('Cần chính sách mặc định (không lĩnh vực) cho cả ba mức độ.').waitFor();
    await page.getByRole('button', { name: 'Hoàn tác thay đổi' }).click();
    await page.getByLabel('Giải quyết (giờ làm việc) — 1').fill('30');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu thời hạn xử lý.' }).waitFor();
    const [urgent] = await bh.hub.ctx.database.db.select().from(slaPolicies).where(and(isNull(slaPolicies.categoryId), eq(slaPolicies.priority, 'urgent')));
    expect(urgent!.resolveWithinMs).toBe(30 * 3_600_000);
    await screenshot(page, 'settings-sla');

    await page.getByRole('link', { name: 'Lịch làm việc' }).click();
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    await page.getByRole('heading', { name: `Ngày lễ đã tính sẵn năm ${year}` }).waitFor();
    await page.getByLabel('Ngày', { exact: true }).fill(`${year}-12-31`);
    await page.getByLabel('Ghi chú').fill('Nghỉ bù theo quyết định của UBND huyện');
    await page.getByRole('button', { name: 'Lưu ngày' }).click();
    await page.getByRole('cell', { name: 'Nghỉ bù theo quyết định của UBND huyện' }).waitFor();
    await screenshot(page, 'settings-calendar');
    expect(log).toEqual({ csp: [], errors: [] });
  });
});
