// browser.mjs - what the browser tests share: Chromium through
// playwright-core, a page that refuses requests outside the server and
// collects page errors (page.check() asserts there were none), the login
// form, full-page screenshots, and the "fits the viewport" check.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const DESKTOP = { width: 1366, height: 860 };
export const PHONE = { width: 360, height: 740 };
export const TIMEOUT = 10_000;

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new page in its own context at viewport, in zh-CN and Asia/Shanghai.
// blob: URLs are the page's own (a spreadsheet it made), not outside;
// downloads are accepted (Playwright's default).
export async function openPage(browser, srv, viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(TIMEOUT);
  const outside = [], errors = [];
  await context.route('**/*', route => {
    const u = route.request().url();
    if (u.startsWith(srv.url + '/') || u.startsWith('blob:')) return route.continue();
    outside.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('dialog', d => { errors.push('unexpected dialog: ' + d.message()); d.dismiss(); });
  page.check = () => {
    assert.deepEqual(outside, [], 'requests outside the server');
    assert.deepEqual(errors, [], 'errors in the page');
  };
  page.done = () => context.close();
  return page;
}

export async function loginOk(page, srv, username, password) {
  await page.goto(srv.url + '/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/app\.html/);
  await page.locator('#who-role').filter({ hasText: /\S/ }).waitFor();
}

export async function shot(page, path, fullPage = true) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage });
}

export async function fits(page) {
  const { sw, w } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, w: window.innerWidth }));
  assert.ok(sw <= w, `page is ${sw}px wide in a ${w}px viewport`);
}
