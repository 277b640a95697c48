/** What an officer does in the workspace, as a person would: by labels and visible text. */
import type { Page } from 'playwright-core';
import { waitFor } from '../../support/wait.js';
import { DEMO_PASSWORD } from './hub.js';
import { watchSocket, type SocketWatch } from './browser.js';

/** Signs in at /admin and waits until the inbox is shown and the live connection has joined its rooms. */
export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<SocketWatch> {
  const socket = watchSocket(page);
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Phản ánh của đơn vị' }).waitFor();
  await waitFor(() => socket.ready(), { what: `${username}'s live connection` });
  return socket;
}

export const row = (page: Page, code: string) => page.locator(`li.row[data-code="${code}"]`);

/** The CSRF token of the page's session, for requests the UI itself does not make. */
export async function csrfOf(page: Page, baseUrl: string): Promise<string> {
  const res = await page.request.get(`${baseUrl}/api/auth/me`);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}
