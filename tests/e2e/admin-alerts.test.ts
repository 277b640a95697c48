/**
 * An administrator sees the Zalo token alert above every screen, enters the
 * OA's new refresh token in the form (field errors first), and the alert goes
 * away; a leader never sees the bar.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminAlerts, channelCredentials } from '../../src/db/schema/index.js';
import { TOKEN_ALERT_KIND } from '../../src/channels/zalo-oa/zalo.tokens.js';
import { waitFor } from '../support/wait.js';
import { LAPTOP, launchBrowser, newWatchedContext, screenshot, type BrowserLog } from './support/browser.js';
import { startBrowserHub, type BrowserHub } from './support/hub.js';
import { signIn } from './support/officer.js';

let bh: BrowserHub;
let browser: Browser;
const log: BrowserLog = { csp: [], errors: [] };

beforeAll(async () => {
  [bh, browser] = await Promise.all([startBrowserHub(), launchBrowser()]);
  // As the token store raises it when Zalo refuses the refresh token.
  await bh.hub.ctx.database.db.insert(adminAlerts).values({
    kind: TOKEN_ALERT_KIND, severity: 'critical', data: { provider: 'zalo-oa', error: 'zalo -14014: Invalid refresh token' },
    messageVi: 'Không làm mới được mã truy cập Zalo OA. Tin nhắn Zalo sẽ không gửi được cho đến khi quản trị viên cấp quyền lại cho ứng dụng.',
    messageEn: 'The Zalo OA access token could not be refreshed. Zalo messages cannot be sent until an administrator re-authorises the app.',
  });
});
afterAll(async () => {
  await browser?.close();
  await bh?.close();
});

const newPage = async () => (await newWatchedContext(browser, log, LAPTOP)).newPage();

describe('alerts for administrators', () => {
  it('a leader does not see the alert bar', async () => {
    const page = await newPage();
    await signIn(page, bh.baseUrl, 'lanhdao');
    await page.getByRole('link', { name: 'Hộp phản ánh' }).waitFor();
    expect(await page.locator('.alerts-bar').count()).toBe(0);
  });

  it('the administrator re-enters the Zalo OA tokens from the alert and the alert is resolved', async () => {
    const page = await newPage();
    await signIn(page, bh.baseUrl, 'admin');
    const bar = page.getByRole('region', { name: 'Cảnh báo cho quản trị viên' });
    await bar.getByText('Không làm mới được mã truy cập Zalo OA', { exact: false }).waitFor();
    await screenshot(page, 'admin-alert-bar');
    await bar.getByRole('button', { name: 'Nhập mã Zalo OA mới' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cấp lại quyền cho Zalo OA' });
    await dialog.getByLabel('Refresh token').fill('ngan');
    await dialog.getByRole('button', { name: 'Lưu mã mới' }).click();
    await dialog.getByText('Vui lòng nhập refresh token mới của Zalo OA', { exact: false }).waitFor();
    await screenshot(page, 'admin-zalo-tokens-error');
    await dialog.getByLabel('Refresh token').fill('rt-new-refresh-token-from-zalo-console');
    await dialog.getByRole('button', { name: 'Lưu mã mới' }).click();
    await page.getByText('Đã lưu mã Zalo OA mới.', { exact: false }).waitFor();
    await waitFor(async () => (await page.locator('.alert-item').count()) === 0, { what: 'alert gone from the bar' });
    const db = bh.hub.ctx.database.db;
    const [cred] = await db.select().from(channelCredentials).where(eq(channelCredentials.provider, 'zalo-oa'));
    expect(cred?.refreshToken).toBe('rt-new-refresh-token-from-zalo-console');
    const [alert] = await db.select().from(adminAlerts).where(eq(adminAlerts.kind, TOKEN_ALERT_KIND));
    expect(alert?.resolvedAt).not.toBeNull();
    expect(log).toEqual({ csp: [], errors: [] });
  });
});
