/**
 * Debian's chromium driven by playwright-core, headless, with a fresh
 * temporary profile per launch (Playwright creates and deletes it). Every page
 * is watched for Content-Security-Policy violations (both the console message
 * and the DOM event) and uncaught errors, so tests can assert there were none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type WebSocket } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('tests/e2e/artifacts');

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install chromium), or CHROMIUM_PATH pointing to one.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export interface BrowserLog {
  csp: string[];
  errors: string[];
}

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
};

/** A context (own cookies: one person) whose pages report CSP violations and errors into `log`. */
export async function newWatchedContext(browser: Browser, log: BrowserLog, opts: BrowserContextOptions = LAPTOP): Promise<BrowserContext> {
  const ctx = await browser.newContext(opts);
  await ctx.exposeBinding('__cspViolation', (_source, text: string) => { log.csp.push(text); });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  ctx.on('page', (page) => watchPage(page, log));
  return ctx;
}

function watchPage(page: Page, log: BrowserLog): void {
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) log.csp.push(m.text()); });
  page.on('pageerror', (err) => { log.errors.push(err.message); });
}

/** Socket.io frames a page receives, and whether the server has said `ready` (rooms joined). */
export interface SocketWatch { frames: string[]; ready(): boolean }

export function watchSocket(page: Page): SocketWatch {
  const frames: string[] = [];
  page.on('websocket', (ws: WebSocket) => {
    if (!ws.url().includes('/socket.io/')) return;
    ws.on('framereceived', (f) => { frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')); });
  });
  return { frames, ready: () => frames.some((f) => f.startsWith('42["ready"')) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
