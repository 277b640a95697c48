/**
 * The leaders' dashboard in a real browser, over 150 past reports of Trà Bồng
 * written by the demo history (real timelines, metrics stored by the
 * production code): the headline figures are the API's and a hand count over
 * the rows agrees; the SVG charts have a mark per bucket with reports; the
 * per-unit table lists the district's units; every drill-down lists the
 * reports behind its number and reaches them; the overdue list and the
 * downloads; the unit picker offers only units in scope; an officer has no
 * dashboard. Screenshots at 1366×768 and on a 390×844 phone.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { reports } from '../../src/db/schema/index.js';
import { seedDemoHistory } from '../../src/modules/sla/demo-history.js';
import { formatCount, formatRate, formatWall, formatWork, formatAverage } from '../../admin-ui/src/features/dashboard/format.js';
import { addDays, vnDay } from '../../admin-ui/src/features/dashboard/period.js';
import { waitFor } from '../support/wait.js';
import { LAPTOP, PHONE, launchBrowser, newWatchedContext, screenshot, type BrowserLog } from './support/browser.js';
import { startBrowserHub, type BrowserHub } from './support/hub.js';
import { signIn } from './support/officer.js';

let bh: BrowserHub;
let browser: Browser;
const log: BrowserLog = { csp: [], errors: [] };
const shots: string[] = [];
const SEEDED = 150;
const DAY = 86_400_000;

beforeAll(async () => {
  [bh, browser] = await Promise.all([startBrowserHub(), launchBrowser()]);
  expect(await seedDemoHistory(bh.hub.ctx.database.db, bh.hub.demo, { count: SEEDED, now: new Date() })).toBe(SEEDED);
});
afterAll(async () => {
  await browser?.close();
  await bh?.close();
  if (shots.length) console.log(`screenshots:\n  ${shots.join('\n  ')}`);
});

/** API answers, read field by field as the integration tests do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const expectCleanConsole = () => expect(log).toEqual({ csp: [], errors: [] });
const api = async (page: Page, path: string, query: Record<string, string | number | undefined> = {}): Promise<Json> => {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  const res = await page.request.get(`${bh.baseUrl}${path}?${q.toString()}`);
  expect(res.status(), path).toBe(200);
  return res.json();
};
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const kpi = (id: string, part = '.kpi-number') => `[data-kpi="${id}"] ${part}`;

/** The reports received in the Vietnam days [from, to] (to inclusive), from the table itself. */
async function rowsIn(from: string, to: string) {
  const start = Date.parse(`${from}T00:00:00+07:00`);
  const end = Date.parse(`${to}T00:00:00+07:00`) + DAY;
  return (await bh.hub.ctx.database.db.select().from(reports)).filter((r) => r.receivedAt.getTime() >= start && r.receivedAt.getTime() < end);
}
type Row = Awaited<ReturnType<typeof rowsIn>>[number];
const isOpen = (r: Row) => r.status === 'received' || r.status === 'in_progress';
const outcome = (r: Row) => r.onTimeStatus ?? (isOpen(r) && r.dueAt && r.dueAt < new Date() ? 'late' : null);

async function openDashboard(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Thống kê' }).click();
  await page.waitForURL(/\/admin\/dashboard\?days=30$/);
  await page.locator(kpi('received')).waitFor();
}

/** The period the page shows, as its date inputs hold it. */
const shownPeriod = async (page: Page) => ({ from: await page.getByLabel('Từ ngày').inputValue(), to: await page.getByLabel('Đến ngày').inputValue() });

/** Waits until the page shows the figures of `summary` (the load after a change has landed). */
const waitForReceived = (page: Page, n: number) =>
  waitFor(async () => (await text(page, kpi('received'))) === formatCount('vi', n) && !(await page.locator('.dashboard[aria-busy="true"]').count()), { what: `received = ${n}` });

async function expectHeadline(page: Page, s: Json): Promise<void> {
  const h = s.headline;
  expect(await text(page, kpi('received'))).toBe(formatCount('vi', h.received));
  expect(await text(page, kpi('fr-median'))).toBe(formatWork('vi', h.firstResponse.medianWorkMs));
  expect(await text(page, kpi('fr-median', '.kpi-sub'))).toContain(`Thời gian thực: ${formatWall('vi', h.firstResponse.medianMs)}`);
  expect(await text(page, kpi('fr-median', '.kpi-sub'))).toContain(`${formatCount('vi', h.firstResponse.count)} phản ánh đã được phản hồi`);
  expect(await text(page, kpi('fr-p90'))).toBe(formatWork('vi', h.firstResponse.p90WorkMs));
  expect(await text(page, kpi('fr-p90', '.kpi-sub'))).toBe(`Thời gian thực: ${formatWall('vi', h.firstResponse.p90Ms)}`);
  expect(await text(page, kpi('on-time'))).toBe(formatRate('vi', h.onTime.rate));
  expect(await text(page, kpi('on-time', '.kpi-sub'))).toBe(
    `${h.onTime.onTime} đúng hạn · ${h.onTime.lateExtended} trễ có gia hạn · ${h.onTime.late} trễ hạn`);
  expect(await text(page, kpi('satisfaction'))).toBe(formatAverage('vi', h.satisfaction.average));
  expect(await text(page, kpi('satisfaction', '.kpi-sub'))).toBe(`${h.satisfaction.count} lượt đánh giá`);
  expect(await text(page, kpi('backlog'))).toBe(formatCount('vi', h.backlog.open));
  expect(await text(page, kpi('backlog', '.kpi-sub'))).toContain(`${h.backlog.overdue} quá hạn`);
  // Each figure carries its definition.
  for (const id of ['received', 'fr-median', 'fr-p90', 'on-time', 'satisfaction', 'backlog']) expect(await text(page, kpi(id, '.kpi-def'))).not.toBe('');
}

async function expectCharts(page: Page, s: Json): Promise<void> {
  const bars = page.locator('[data-chart="received"] .chart-bar');
  const withReports = s.trend.filter((p: Json) => p.received > 0);
  expect(await bars.count()).toBe(withReports.length);
  const values = await bars.evaluateAll((els) => els.map((e) => [e.getAttribute('data-start'), Number(e.getAttribute('data-value')), Number(e.getAttribute('data-inner'))]));
  expect(values).toEqual(withReports.map((p: Json) => [p.start, p.received, p.answered]));
  expect(values.reduce((n, [, v]) => n + (v as number), 0)).toBe(s.headline.received);
  const onTime = await page.locator('[data-chart="on-time"] circle.chart-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(onTime).toEqual(s.trend.filter((p: Json) => p.onTime.rate !== null).map((p: Json) => Math.round(p.onTime.rate * 1000) / 10));
  const fr = page.locator('[data-chart="first-response"] circle.chart-point');
  expect(await fr.count()).toBe(s.trend.filter((p: Json) => p.firstResponseMedianWorkMs !== null).length);
  for (const chart of ['received', 'on-time', 'first-response']) {
    const svg = page.locator(`[data-chart="${chart}"] svg[role="img"]`);
    expect(await svg.locator('title').first().textContent()).not.toBe('');
    expect(await svg.locator('desc').textContent()).not.toBe('');
    expect(await svg.locator('.chart-axis-title').count()).toBe(2);
    expect(await svg.locator('.chart-tick').count()).toBeGreaterThan(3);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(250);
  }
}

async function expectUnitTable(page: Page, s: Json): Promise<void> {
  const rows = page.locator('table.dash-units tbody tr');
  expect(await rows.locator('th').allTextContents()).toEqual(s.units.map((u: Json) => u.unit.name));
  for (const u of s.units as Json[]) {
    const row = page.locator(`table.dash-units tr[data-unit-id="${u.unit.id}"]`);
    expect(await text(page, `table.dash-units tr[data-unit-id="${u.unit.id}"] [data-col="received"]`), u.unit.name).toBe(formatCount('vi', u.received));
    expect((await row.locator('[data-col="overdue"]').textContent())?.trim()).toBe(formatCount('vi', u.backlog.overdue));
  }
}

describe('the district leader’s dashboard', () => {
  it('shows the API’s figures, which a hand count over the rows confirms, with charts and a row per unit', async () => {
    const page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await signIn(page, bh.baseUrl, 'lanhdao');
    await openDashboard(page);

    // Default: the last 30 days, today included, in Vietnam time.
    const today = vnDay(new Date());
    const period = await shownPeriod(page);
    expect(period).toEqual({ from: addDays(today, -29), to: today });
    const s30 = await api(page, '/api/stats/summary', period);
    expect(s30.unit.id).toBe(bh.hub.demo.districtId);
    await waitForReceived(page, s30.headline.received);
    await expectHeadline(page, s30);
    const rows30 = await rowsIn(period.from, period.to);
    expect(s30.headline.received).toBe(rows30.length);
    expect(s30.headline.onTime.onTime).toBe(rows30.filter((r) => outcome(r) === 'on_time').length);
    expect(s30.headline.onTime.decided).toBe(rows30.filter((r) => outcome(r) !== null).length);
    await expectCharts(page, s30);
    expect(s30.period.bucket).toBe('day');
    expect(s30.period.percentiles).toBe('exact');
    expect(await page.getByTestId('dash-method-classes').count()).toBe(0);
    await expectUnitTable(page, s30);
    shots.push(await screenshot(page, 'dashboard-laptop'));

    // A year: every seeded report (the history covers 120 days), a week per bar.
    await page.getByRole('button', { name: '365 ngày qua' }).click();
    await page.waitForURL(/\?days=365$/);
    const year = await shownPeriod(page);
    expect(year).toEqual({ from: addDays(today, -364), to: today });
    const s365 = await api(page, '/api/stats/summary', year);
    expect(s365.headline.received).toBe(SEEDED);
    await waitForReceived(page, SEEDED);
    await expectHeadline(page, s365);
    const all = await rowsIn(year.from, year.to);
    expect(all.length).toBe(SEEDED);
    const onTime = all.filter((r) => outcome(r) === 'on_time').length;
    const decided = all.filter((r) => outcome(r) !== null).length;
    expect(s365.headline.onTime.decided).toBe(decided);
    expect(await text(page, kpi('on-time'))).toBe(formatRate('vi', onTime / decided));
    expect(s365.headline.backlog.open).toBe(all.filter(isOpen).length);
    expect(s365.period.bucket).toBe('week');
    // Over 62 days the medians come from the weekly rollups, and the page says how exact they are.
    expect(s365.period.percentiles).toBe('classes');
    await page.getByTestId('dash-method-classes').waitFor();
    expect(await page.getByTestId('dash-method-classes').textContent()).toContain('khoảng rộng 2 %');
    await page.getByTestId('dash-method-classes').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-laptop-year'));
    await expectCharts(page, s365);
    await expectUnitTable(page, s365);
    // Sorting by received puts the busiest unit first.
    await page.locator('table.dash-units thead').getByRole('button', { name: /^Tiếp nhận/ }).click();
    const busiest = [...s365.units].sort((a: Json, b: Json) => b.received - a.received)[0];
    expect((await page.locator('table.dash-units tbody tr').first().locator('th').textContent())).toBe(busiest.unit.name);
    expect(await page.locator('table.dash-units th[aria-sort="descending"]').count()).toBe(1);
    await page.locator('[data-chart="received"]').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-laptop-charts'));
    await page.locator('table.dash-units').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-laptop-units'));

    // The leader picks one commune: the figures follow the API's for that unit.
    const units = (await api(page, '/api/units')).items as Json[];
    const options = await page.locator('#dash-unit option').evaluateAll((els) => els.map((e) => Number((e as HTMLOptionElement).value)));
    expect(options).toEqual(units.filter((u) => u.inScope).map((u) => u.id));
    expect(options).not.toContain(units.find((u) => u.kind === 'province').id);
    const commune = s365.units.find((u: Json) => u.unit.kind === 'commune' && u.received > 0);
    await page.locator('#dash-unit').selectOption(String(commune.unit.id));
    await page.waitForURL(new RegExp(`unit=${commune.unit.id}$`));
    const sCommune = await api(page, '/api/stats/summary', { ...year, unitId: commune.unit.id });
    await waitForReceived(page, sCommune.headline.received);
    await expectHeadline(page, sCommune);
    expect(await page.locator('table.dash-units tbody tr').count()).toBe(sCommune.units.length);
    expectCleanConsole();
  });

  it('every number opens the reports behind it, and each reaches its report', async () => {
    const page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await signIn(page, bh.baseUrl, 'lanhdao');
    await page.goto(`${bh.baseUrl}/admin/dashboard?days=365`);
    await page.locator(kpi('received')).waitFor();
    const period = await shownPeriod(page);
    const s = await api(page, '/api/stats/summary', period);
    await waitForReceived(page, s.headline.received);
    const dialog = page.getByRole('dialog');
    const drillTotal = async () => {
      await waitFor(async () => /^\d+ phản ánh$/.test((await dialog.locator('.drill-total').textContent()) ?? ''), { what: 'the drill-down total' });
      return Number(/^(\d+)/.exec((await dialog.locator('.drill-total').textContent())!)![1]);
    };
    const close = async () => { await dialog.getByRole('button', { name: 'Đóng' }).click(); await dialog.waitFor({ state: 'detached' }); };

    // Headline: late reports of the period.
    await page.locator(kpi('on-time', '.kpi-sub')).getByRole('button', { name: /trễ hạn$/ }).click();
    await dialog.getByRole('heading', { name: 'Phản ánh trễ hạn' }).waitFor();
    expect(await drillTotal()).toBe(s.headline.onTime.late);
    await waitFor(async () => (await dialog.locator('li.drill-row').count()) === Math.min(50, s.headline.onTime.late), { what: 'the late list' });
    await close();

    // Backlog: the overdue reports now.
    await page.locator(kpi('backlog', '.kpi-sub')).getByRole('button').click();
    expect(await drillTotal()).toBe(s.headline.backlog.overdue);
    const overdueCodes = await dialog.locator('li.drill-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    const overdue = await api(page, '/api/stats/overdue', { limit: 500 });
    expect(new Set(overdueCodes)).toEqual(new Set(overdue.items.map((i: Json) => i.code)));
    await close();

    // A unit's received reports: exactly that unit's, and the first one opens.
    const unit = [...s.units].sort((a: Json, b: Json) => b.received - a.received)[0];
    await page.locator(`table.dash-units tr[data-unit-id="${unit.unit.id}"] [data-col="received"] button`).click();
    expect(await drillTotal()).toBe(unit.received);
    await waitFor(async () => (await dialog.locator('li.drill-row').count()) === Math.min(50, unit.received), { what: 'the unit list' });
    expect(new Set(await dialog.locator('li.drill-row .drill-unit').allTextContents())).toEqual(new Set([unit.unit.name]));
    shots.push(await screenshot(page, 'dashboard-drill-laptop'));
    const first = dialog.locator('li.drill-row').first();
    const code = (await first.getAttribute('data-code'))!;
    const id = (await first.getAttribute('data-report-id'))!;
    await first.locator('a').click();
    await page.waitForURL(new RegExp(`/admin/reports/${id}$`));
    await page.locator('.report-code', { hasText: `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}` }).waitFor();

    // Back: the dashboard keeps its period; a bar of the chart lists that week's reports.
    await page.goBack();
    await page.waitForURL(/\/admin\/dashboard\?days=365$/);
    await waitForReceived(page, s.headline.received);
    const bar = page.locator('[data-chart="received"] .chart-bar').last();
    const start = (await bar.getAttribute('data-start'))!;
    await bar.click();
    expect(await drillTotal()).toBe(Number(await bar.getAttribute('data-value')));
    expect(await dialog.getByRole('heading').textContent()).toContain(start.split('-').reverse().join('/'));
    await close();
    expectCleanConsole();
  });

  it('lists the overdue reports most overdue first, and downloads the exports of the period', async () => {
    const page = await (await newWatchedContext(browser, log, { ...LAPTOP, acceptDownloads: true })).newPage();
    await signIn(page, bh.baseUrl, 'lanhdao');
    await openDashboard(page);
    const period = await shownPeriod(page);
    const overdue = await api(page, '/api/stats/overdue', { limit: 50 });
    expect(overdue.total).toBeGreaterThan(0);
    await page.getByRole('heading', { name: `Phản ánh quá hạn (${overdue.total})` }).waitFor();
    const rows = page.locator('table.dash-overdue tbody tr');
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(overdue.items.map((i: Json) => i.code));
    const top = overdue.items[0];
    expect(await rows.first().locator('td').nth(1).textContent()).toBe(top.assignedUnit.name);
    expect(await rows.first().locator('td').nth(3).locator('strong').textContent()).toBe(formatWork('vi', top.overdueWorkMs));
    await page.locator('table.dash-overdue').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-laptop-overdue'));

    const s = await api(page, '/api/stats/summary', period);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="csv"]').click()]);
    expect(csv.suggestedFilename()).toMatch(/^phan-anh-\d{8}-\d{4}\.csv$/);
    const body = fs.readFileSync((await csv.path())!, 'utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('id,code,status')).toBe(true);
    expect(lines.length - 1).toBe(s.headline.received);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="xlsx"]').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const [periodic] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="periodic"]').click()]);
    expect(periodic.suggestedFilename()).toMatch(/^bao-cao-phan-anh-.*\.xlsx$/);
    // An .xlsx is a zip: "PK".
    expect(fs.readFileSync((await periodic.path())!).subarray(0, 2).toString()).toBe('PK');

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Report statistics' }).waitFor();
    expect(await text(page, kpi('fr-median'))).toBe(formatWork('en', s.headline.firstResponse.medianWorkMs));
    expect(await text(page, kpi('on-time'))).toBe(formatRate('en', s.headline.onTime.rate));
    await page.locator('.dash-head').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-laptop-en'));
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Thống kê phản ánh' }).waitFor();
    expectCleanConsole();
  });

  it('fits a phone', async () => {
    const page = await (await newWatchedContext(browser, log, PHONE)).newPage();
    await signIn(page, bh.baseUrl, 'lanhdao');
    await openDashboard(page);
    const s = await api(page, '/api/stats/summary', await shownPeriod(page));
    await waitForReceived(page, s.headline.received);
    // Nothing wider than the screen but the tables, which scroll inside their frame.
    const overflow = await page.evaluate(() => {
      const d = document.querySelector('.dashboard')!;
      return { page: document.documentElement.scrollWidth, dashboard: d.scrollWidth - d.clientWidth };
    });
    expect(overflow).toEqual({ page: 390, dashboard: 0 });
    expect(await page.locator('[data-chart="received"] .chart-bar').count()).toBeGreaterThan(0);
    shots.push(await screenshot(page, 'dashboard-phone'));
    await page.locator('[data-chart="on-time"]').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-phone-charts'));
    await page.locator('table.dash-units').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-phone-units'));
    await page.locator('table.dash-overdue').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-phone-overdue'));
    // The downloads come last on a phone, after the figures.
    await page.locator('.downloads').scrollIntoViewIfNeeded();
    shots.push(await screenshot(page, 'dashboard-phone-end'));
    const unit = [...s.units].sort((a: Json, b: Json) => b.received - a.received)[0];
    await page.locator(`table.dash-units tr[data-unit-id="${unit.unit.id}"] [data-col="received"] button`).click();
    await page.getByRole('dialog').locator('li.drill-row').first().waitFor();
    shots.push(await screenshot(page, 'dashboard-phone-drill'));
    expectCleanConsole();
  });
});

describe('states', () => {
  it('a period without reports says so, a custom period is checked, a unit outside the scope is refused', async () => {
    const page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await signIn(page, bh.baseUrl, 'lanhdao');
    await openDashboard(page);
    const today = vnDay(new Date());
    // The history covers the last 120 days: the year before has nothing.
    await page.getByLabel('Từ ngày').fill(addDays(today, -600));
    await page.getByLabel('Đến ngày').fill(addDays(today, -500));
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.waitForURL(new RegExp(`from=${addDays(today, -600)}&to=${addDays(today, -500)}$`));
    await page.getByText('Không có phản ánh nào được tiếp nhận trong khoảng thời gian này.', { exact: false }).waitFor();
    await waitForReceived(page, 0);
    expect(await page.locator('[data-chart="received"] .chart-bar').count()).toBe(0);
    expect(await page.locator('[data-chart="on-time"] circle').count()).toBe(0);
    expect(await page.locator('[data-chart="on-time"] desc').textContent()).toBe('Chưa có số liệu trong kỳ.');
    // Figures of no report are not links.
    expect(await page.locator(kpi('received')).evaluate((e) => e.tagName)).toBe('SPAN');
    // The backlog is "now", whatever the period.
    const s = await api(page, '/api/stats/summary', { from: addDays(today, -600), to: addDays(today, -500) });
    expect(s.headline.backlog.open).toBeGreaterThan(0);
    expect(await text(page, kpi('backlog'))).toBe(formatCount('vi', s.headline.backlog.open));

    await page.getByLabel('Từ ngày').fill(addDays(today, -1));
    await page.getByLabel('Đến ngày').fill(addDays(today, -3));
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Ngày bắt đầu phải trước hoặc trùng ngày kết thúc.' }).waitFor();

    await page.goto(`${bh.baseUrl}/admin/dashboard?days=30&unit=987654`);
    await page.getByRole('alert').filter({ hasText: 'Không tìm thấy đơn vị' }).waitFor();
    await page.getByRole('button', { name: 'Xem đơn vị của tôi' }).click();
    await page.waitForURL(/\/admin\/dashboard\?days=30$/);
    await page.locator(kpi('received')).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expectCleanConsole();
  });
});

describe('an officer', () => {
  it('has no dashboard: no link, and the address shows the inbox', async () => {
    const page = await (await newWatchedContext(browser, log, LAPTOP)).newPage();
    await signIn(page, bh.baseUrl, 'xa.traphu');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Hộp phản ánh' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Thống kê' }).count()).toBe(0);
    await page.goto(`${bh.baseUrl}/admin/dashboard`);
    await page.getByRole('heading', { name: 'Phản ánh của đơn vị' }).waitFor();
    expect(await page.locator('.dashboard').count()).toBe(0);
    expectCleanConsole();
  });
});
