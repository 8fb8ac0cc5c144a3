// foundation.test.mjs - the foundation pages in a real browser (Chromium
// through playwright-core) against a real server on a demo city (济源市):
// login, the jurisdiction tree, users, the audit log, at 1366 px and at
// 360 px. Screenshots go to tests/browser/screenshots/ (git-ignored).
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DESKTOP = { width: 1366, height: 860 };
const PHONE = { width: 360, height: 740 };
const TIMEOUT = 10_000;

let srv, browser, password, lockout;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  // the demo prints "(password for all: XXXX)"; older harnesses kept the ')'
  password = srv.password.replace(/\)$/, '');
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // lock the `grid` account in the background (5 failures, growing delays)
  lockout = (async () => {
    for (let i = 0; i < 8; i++) {
      const r = await fetch(srv.url + '/api/v1/login', {
        method: 'POST', body: JSON.stringify({ username: 'grid', password: 'wrong-password' }),
      });
      if (r.status === 429) return true;
    }
    return false;
  })();
});

after(async () => {
  await lockout?.catch(() => {});
  await browser?.close();
  await srv?.stop();
});

// A fresh browser context: only the test server is reachable, page errors
// are collected; check() asserts none happened.
async function open(viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(TIMEOUT);
  const outside = [], errors = [];
  await context.route('**/*', route => {
    const u = route.request().url();
    if (u.startsWith(srv.url + '/')) return route.continue();
    outside.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.check = () => {
    assert.deepEqual(outside, [], 'requests outside the server');
    assert.deepEqual(errors, [], 'errors in the page');
  };
  page.done = () => context.close();
  return page;
}

async function login(page, username, pw = password) {
  await page.goto(srv.url + '/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(pw);
  await page.getByRole('button', { name: '登录' }).click();
}

async function loginOk(page, username) {
  await login(page, username);
  await page.waitForURL(/\/app\.html/);
  await page.locator('#who-role').filter({ hasText: /\S/ }).waitFor();
}

async function shot(page, name, fullPage = true) {
  await page.evaluate(() => window.scrollTo(0, 0));   // the sticky header at the top
  await page.screenshot({ path: SHOTS + name, fullPage });
}

// No sideways scrolling: the page fits its viewport.
async function fits(page) {
  const { sw, w } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, w: window.innerWidth }));
  assert.ok(sw <= w, `page is ${sw}px wide in a ${w}px viewport`);
}

const nodeName = page => page.locator('h2.node-name');
const childLinks = page => page.locator('table.rt a.child-link');

test('admin logs in and works the tree: descend, add, rename, import', async () => {
  const page = await open(DESKTOP);
  await loginOk(page, 'admin');
  assert.equal(await page.locator('#who-role').textContent(), '系统管理员');
  await page.locator('#who-node', { hasText: '济源市' }).waitFor();
  const nav = await page.locator('#nav a').allTextContents();
  assert.deepEqual(nav, ['辖区管理', '包抓责任', '用户管理', '审计日志']);

  // the city and its real streets and towns
  await nodeName(page).filter({ hasText: '济源市' }).waitFor();
  assert.equal(await nodeName(page).textContent(), '济源市');
  await page.locator('.node-head .badge', { hasText: '区县' }).waitFor();
  const towns = await childLinks(page).allTextContents();
  assert.ok(towns.length >= 10, `${towns.length} towns`);
  assert.ok(towns.some(t => t.includes('沁园街道')), towns.join(','));
  assert.ok(towns.some(t => t.includes('克井镇')), towns.join(','));
  await fits(page);
  await shot(page, 'desktop-tree.png');

  // descend into 沁园街道; the breadcrumbs lead back
  await childLinks(page).filter({ hasText: '沁园街道' }).click();
  await nodeName(page).filter({ hasText: '沁园街道' }).waitFor();
  assert.match(page.url(), /#\/tree\/419001001$/);
  await page.locator('.crumbs a', { hasText: /^济源市$/ }).waitFor();
  assert.ok((await childLinks(page).count()) >= 1);

  // add a community through the form
  const name = page.getByLabel('村社区名称');
  await name.fill('浏览器测试社区');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.locator('.status.ok', { hasText: '已新增村社区“浏览器测试社区”' }).waitFor();
  await childLinks(page).filter({ hasText: '浏览器测试社区' }).waitFor();

  // the same name again: the server's error, next to the field
  await page.getByLabel('村社区名称').fill('浏览器测试社区');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  const err = page.locator('.add-form .field-error[data-for="name"]');
  await err.filter({ hasText: '同名' }).waitFor();
  assert.equal(await page.getByLabel('村社区名称').getAttribute('aria-invalid'), 'true');
  await shot(page, 'desktop-town.png');

  // rename it from its row
  const row = page.locator('tr', { has: page.locator('a.child-link', { hasText: '浏览器测试社区' }) });
  await row.getByRole('button', { name: '改名' }).click();
  await page.getByLabel('新名称').fill('浏览器改名社区');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.status.ok', { hasText: '改名为“浏览器改名社区”' }).waitFor();
  await childLinks(page).filter({ hasText: '浏览器改名社区' }).waitFor();
  assert.equal(await childLinks(page).filter({ hasText: '浏览器测试社区' }).count(), 0);

  // CSV import: a community with its own code and a grid under it
  await page.locator('summary', { hasText: '批量导入（CSV）' }).click();
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'nodes.csv', mimeType: 'text/csv',
    buffer: Buffer.from('\uFEFF编码,类型,名称,上级编码\r\n419001001901,村社区,导入社区甲,419001001\r\n' +
      ',网格,导入网格一,419001001901\r\n') });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.locator('.status.ok', { hasText: '已导入 2 条' }).waitFor();
  await childLinks(page).filter({ hasText: '导入社区甲' }).waitFor();

  // a bad row: nothing imported, the line and the field named
  await page.locator('summary', { hasText: '批量导入（CSV）' }).click();
  await page.getByLabel('CSV 文件').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv',
    buffer: Buffer.from('kind,name,parent\ncommunity,不该导入社区,419001001\ngrid,坏网格,419001\n') });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const importErr = page.locator('.import-form .form-error');
  await importErr.filter({ hasText: '第 3 行' }).waitFor();
  assert.match(await importErr.textContent(), /第 3 行 上级编码：网格应隶属于村社区，而不是区县/);
  await shot(page, 'desktop-import-error.png');
  assert.equal(await childLinks(page).filter({ hasText: '不该导入社区' }).count(), 0);

  // into the imported community: its grid, then back up by the crumbs
  await childLinks(page).filter({ hasText: '导入社区甲' }).click();
  await nodeName(page).filter({ hasText: '导入社区甲' }).waitFor();
  await childLinks(page).filter({ hasText: '导入网格一' }).waitFor();
  assert.equal(await page.locator('.crumbs li').count(), 3);
  await page.locator('.crumbs a', { hasText: /^济源市$/ }).click();
  await nodeName(page).filter({ hasText: /^济源市$/ }).waitFor();
  page.check();
  await page.done();
});

test('admin manages users and reads the audit log', async () => {
  // the background lockout writes audit rows too: let it finish first, or
  // its last row may land after this test's changes ("latest first" below)
  await lockout;
  const page = await open(DESKTOP);
  await loginOk(page, 'admin');
  await page.locator('#nav a', { hasText: '用户管理' }).click();
  await page.locator('tr[data-user="town"]').waitFor();
  assert.match(await page.locator('tr[data-user="town"]').textContent(), /乡镇街道干部/);

  await page.locator('summary', { hasText: '新增用户' }).click();
  const roleOptions = await page.getByLabel('角色').locator('option').allTextContents();
  assert.ok(roleOptions.includes('网格员') && roleOptions.includes('安全审计员'));
  // a grid worker bound to the city: the error sits under 辖区编码
  const add = page.locator('form.grid-form');
  await add.getByLabel('用户名').fill('wangwu');
  await add.getByLabel('姓名').fill('王五');
  await add.getByLabel('角色').selectOption({ label: '网格员' });
  await add.getByLabel('辖区编码').fill('419001');
  await add.getByLabel('初始密码').fill('Wangwu-2022');
  await page.getByRole('button', { name: '添加用户' }).click();
  await page.locator('.grid-form .field-error[data-for="node"]',
    { hasText: '网格员须绑定到网格，而不是区县' }).waitFor();
  await add.getByLabel('辖区编码').fill('419001001001001');
  await page.getByRole('button', { name: '添加用户' }).click();
  await page.locator('.status.ok', { hasText: '已添加用户 wangwu' }).waitFor();
  const row = page.locator('tr[data-user="wangwu"]');
  await row.waitFor();
  assert.match(await row.textContent(), /王五.*网格员/);

  // disable (two clicks), then reset the password
  await row.getByRole('button', { name: '停用' }).click();
  await row.getByRole('button', { name: '确认停用？' }).click();
  await page.locator('tr[data-user="wangwu"] .badge', { hasText: '已停用' }).waitFor();
  await page.locator('tr[data-user="wangwu"]').getByRole('button', { name: '重置密码' }).click();
  await page.getByLabel('wangwu 的新密码').fill('Wangwu-2023');
  await page.getByRole('button', { name: '确定' }).click();
  await page.locator('.status.ok', { hasText: '已重置用户 wangwu 的密码' }).waitFor();
  await fits(page);
  await shot(page, 'desktop-users.png');

  // the audit log, newest first, 50 a page
  await page.locator('#nav a', { hasText: '审计日志' }).click();
  const rows = page.locator('table.audit tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 50);
  const first = await rows.first().textContent();
  assert.match(first, /重置密码/, 'the latest change comes first');
  await page.locator('table.audit', { hasText: '新增用户' }).waitFor();
  await page.locator('table.audit', { hasText: '停用用户' }).waitFor();
  await page.getByRole('button', { name: '加载更多' }).click();
  await rows.nth(50).waitFor();
  const ids = (await rows.evaluateAll(trs => trs.map(t => Number(t.dataset.id))));
  assert.ok(ids.length > 50);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] < ids[i - 1], 'newest first, no repeats');
  await shot(page, 'desktop-audit.png', false);

  // filter: logins only
  await page.getByLabel('操作类型').selectOption({ label: '登录' });
  await page.getByRole('button', { name: '筛选' }).click();
  await page.locator('.status', { hasText: /共 \d+ 条|已显示/ }).waitFor();
  const actions = await page.locator('table.audit tbody tr td:nth-child(4) .sub').allTextContents();
  assert.ok(actions.length > 0 && actions.every(a => a.startsWith('login')), actions.join(','));
  page.check();
  await page.done();
});

test('a wrong password and a locked account show the server\'s error', async () => {
  const page = await open(DESKTOP);
  await login(page, 'admin', 'not-the-password');
  const err = page.locator('#login-error');
  await err.filter({ hasText: '用户名或密码错误' }).waitFor();
  assert.match(page.url(), /\/(index\.html)?$/);
  assert.equal(await page.getByLabel('密码').inputValue(), '');
  await shot(page, 'desktop-login-error.png');

  assert.equal(await lockout, true, 'the grid account got locked');
  await login(page, 'grid', password);
  await err.filter({ hasText: '账户已锁定' }).waitFor();
  assert.match(await err.textContent(), /连续 5 次登录失败，请 \d+ 分钟后再试/);
  page.check();
  await page.done();
});

test('a town officer sees only their street; reload keeps the session; logout ends it', async () => {
  const page = await open(DESKTOP);
  await loginOk(page, 'town');
  assert.equal(await page.locator('#who-role').textContent(), '乡镇街道干部');
  await nodeName(page).filter({ hasText: '沁园街道' }).waitFor();
  assert.deepEqual(await page.locator('#nav a').allTextContents(), ['辖区管理', '包抓责任', '入户排查', '排查进度', '人员台账', '来返人员', '社区报备', '场所审核', '卡点管理', '发热转诊', '病例管理']);
  assert.equal(await page.locator('.crumbs li').count(), 1);
  assert.equal(await page.locator('.crumbs a', { hasText: '济源市' }).count(), 0);

  // the city above, or an admin page: back to their own street
  for (const hash of ['#/tree/419001', '#/users', '#/audit']) {
    await page.goto(srv.url + '/app.html' + hash);
    await page.reload();
    await nodeName(page).filter({ hasText: '沁园街道' }).waitFor();
    assert.equal(await page.locator('.crumbs li').count(), 1);
  }

  // after a reload the CSRF token comes from GET /me: a write still works
  await page.reload();
  await page.getByLabel('村社区名称').fill('街道新建社区');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await page.locator('.status.ok', { hasText: '已新增村社区“街道新建社区”' }).waitFor();

  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/index\.html$/);
  await page.locator('#notice', { hasText: '您已安全退出' }).waitFor();
  await page.goto(srv.url + '/app.html');
  await page.waitForURL(/\/index\.html$/);
  await page.locator('#notice', { hasText: '请先登录' }).waitFor();
  page.check();
  await page.done();
});

test('an auditor sees only the audit log', async () => {
  const page = await open(DESKTOP);
  await loginOk(page, 'auditor');
  assert.deepEqual(await page.locator('#nav a').allTextContents(), ['审计日志']);
  await page.locator('table.audit tbody tr').first().waitFor();
  page.check();
  await page.done();
});

test('the pages fit a 360 px phone', async () => {
  const page = await open(PHONE);
  await page.goto(srv.url + '/');
  await page.getByRole('button', { name: '登录' }).waitFor();
  await fits(page);
  await shot(page, 'phone-login.png');

  await loginOk(page, 'admin');
  await childLinks(page).filter({ hasText: '沁园街道' }).waitFor();
  await fits(page);
  await shot(page, 'phone-tree.png');

  await childLinks(page).filter({ hasText: '沁园街道' }).click();
  await nodeName(page).filter({ hasText: '沁园街道' }).waitFor();
  await page.getByLabel('村社区名称').fill('手机新建社区');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await childLinks(page).filter({ hasText: '手机新建社区' }).waitFor();
  await fits(page);
  await shot(page, 'phone-town.png');

  await page.locator('#nav a', { hasText: '用户管理' }).click();
  await page.locator('tr[data-user="town"]').waitFor();
  await page.locator('summary', { hasText: '新增用户' }).click();
  await fits(page);
  await shot(page, 'phone-users.png');

  await page.locator('#nav a', { hasText: '审计日志' }).click();
  await page.locator('table.audit tbody tr').first().waitFor();
  await fits(page);
  await shot(page, 'phone-audit.png', false);
  page.check();
  await page.done();
});
