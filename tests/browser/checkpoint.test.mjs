// checkpoint.test.mjs - checkpoints and the daily pass in a real browser
// (Chromium through playwright-core) against a real server on the demo
// city: the public pass form on a 360 px phone (an error at its field,
// then the pass with its QR code, re-opened from the phone's storage), the
// staff's 卡点核验 with a fever, the referral on 发热转诊 received and
// closed by the community, and 卡点管理 with the day's counts, a new
// checkpoint and its A4 poster. Screenshots of every page at 1366 and
// 360 px go to tests/browser/screenshots/ (checkpoint-*.png).
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/checkpoint.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login as apiLogin, api, sql } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

const TOWN = '419001001';
const GRID = '419001001001001';

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}
const RESIDENT = idNumber('41900119880808301');     // in the ledger, the community's grid

let srv, browser, password, cp, communityName, residentPass;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  const admin = await apiLogin(srv.url, 'admin', password);
  const u = await api(srv.url, admin, 'POST', '/api/v1/users',
    { username: 'kadian', password, role: 'checkpoint_staff', node: TOWN, display_name: '卡点值守员' });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const command = await apiLogin(srv.url, 'command', password);
  const c = await api(srv.url, command, 'POST', '/api/v1/checkpoints',
    { node: TOWN, name: '二广高速济源东出口', road: '二广高速济源东收费站出口', kind: 'highway' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  cp = c.body;
  // a resident in the ledger, and a pass of theirs for today
  const grid = await apiLogin(srv.url, 'grid', password);
  const h = await api(srv.url, grid, 'POST', '/api/v1/households', { grid: GRID, address: '卡点浏览器测试小区5号楼301' });
  const p = await api(srv.url, grid, 'POST', '/api/v1/persons',
    { household_id: h.body.id, name: '周居民', id_number: RESIDENT });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  const r = await api(srv.url, null, 'POST', '/api/v1/public/passes', { checkpoint: cp.code,
    name: '周居民', id_number: RESIDENT, phone: '13700001234', plate: '豫U88888', origin_name: '郑州市' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  residentPass = r.body;
  const comm = await api(srv.url, command, 'GET', '/api/v1/nodes/419001001001');
  communityName = comm.body.name;
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const open = viewport => openPage(browser, srv, viewport);
const login = (page, username) => loginOk(page, srv, username, password);
const picture = (page, name, fullPage) => shot(page, SHOTS + 'checkpoint-' + name, fullPage);

const qrLoaded = page => page.waitForFunction(() => {
  const img = document.getElementById('qr');
  return img && img.complete && img.naturalWidth > 0;
});
const count = table => Number(sql(srv.db, `SELECT count(*) FROM ${table}`));

test('a driver fills the public form on a 360 px phone and gets the pass', async () => {
  const page = await open(PHONE);
  await page.goto(`${srv.url}/pass.html?c=${cp.code}`);
  await page.locator('#at', { hasText: '高速路口 · 二广高速济源东出口' }).waitFor();
  await fits(page);
  await picture(page, 'pass-form-phone.png');
  const before = count('pass');
  await page.getByLabel('姓名').fill('王小明');
  await page.getByLabel('身份证号').fill('110105194912310021');      // wrong check digit
  await page.getByLabel('手机号').fill('139 1234 5678');
  await page.getByLabel(/车牌号/).fill('豫ud12345');
  await page.getByLabel('出发地').fill('湖北省武汉市');
  await page.getByRole('button', { name: '提交并生成通行码' }).click();
  await page.locator('.err[data-for="id_number"]', { hasText: '校验位不符' }).waitFor();
  assert.equal(await page.getByLabel('身份证号').getAttribute('aria-invalid'), 'true');
  assert.equal(count('pass'), before, 'nothing stored');
  await picture(page, 'pass-form-error-phone.png', false);

  await page.getByLabel('身份证号').fill('11010519491231002x');
  await page.getByRole('button', { name: '提交并生成通行码' }).click();
  await page.locator('#state', { hasText: '当日有效 · 全市通行' }).waitFor();
  await qrLoaded(page);
  assert.equal(await page.locator('#p-name').textContent(), '王小明');
  assert.equal(await page.locator('#p-id').textContent(), '1101**********002X');
  assert.equal(await page.locator('#p-plate').textContent(), '豫UD12345');
  assert.equal(count('pass'), before + 1);
  const code = (await page.locator('#code').textContent()).replace(/\s/g, '');
  assert.match(code, /^[0-9A-Z]{16}$/);
  assert.match(page.url(), new RegExp(`[?&]p=${code}`));
  await fits(page);
  await picture(page, 'pass-phone.png');

  // re-opened: by its address, and from the phone's storage without one
  await page.reload();
  await page.locator('#state', { hasText: '当日有效' }).waitFor();
  await page.goto(`${srv.url}/pass.html`);
  await page.locator('#p-name', { hasText: '王小明' }).waitFor();
  assert.equal((await page.locator('#code').textContent()).replace(/\s/g, ''), code);
  page.check();
  await page.done();

  const wide = await open(DESKTOP);
  await wide.goto(`${srv.url}/pass.html?c=${cp.code}&p=${code}`);
  await qrLoaded(wide);
  await picture(wide, 'pass-desktop.png');
  await wide.goto(`${srv.url}/pass.html?c=${cp.code}&p=ZZZZZZZZZZZZZZZZ`);  // unknown: the form
  await wide.getByRole('button', { name: '提交并生成通行码' }).waitFor();
  await picture(wide, 'pass-form-desktop.png');
  wide.check();
  await wide.done();
});

test('checkpoint staff verify a pass on the phone; a fever is referred', async () => {
  const page = await open(PHONE);
  await login(page, 'kadian');
  assert.equal((await page.locator('#nav a').allTextContents())[0], '卡点核验');
  await page.waitForFunction(() => /二广高速济源东出口/.test(
    document.getElementById('cp-select')?.selectedOptions[0]?.textContent || ''));
  await page.getByLabel('通行码', { exact: true }).fill(residentPass.code.toLowerCase().replace(/(.{4})/g, '$1 '));
  await page.getByLabel('通行码', { exact: true }).press('Enter');
  await page.locator('.pass-state.ok', { hasText: '当日有效' }).waitFor();
  // the full ID number, grouped as on the card, to compare
  assert.equal(await page.locator('.pass-id').textContent(),
    `${RESIDENT.slice(0, 6)} ${RESIDENT.slice(6, 14)} ${RESIDENT.slice(14)}`);
  await page.locator('.pass-name .badge', { hasText: '本地在册' }).waitFor();
  await fits(page);

  // letting someone through needs the ID compared
  await page.getByLabel('体温（°C）').fill('36.6');
  await page.getByRole('button', { name: '放行' }).click();
  await page.locator('.field-error[data-for="id_confirmed"]', { hasText: '放行前须核对身份证件' }).waitFor();
  // a temperature no one has, at its field
  await page.getByLabel('已核对身份证件，与通行码信息一致').check();
  await page.getByLabel('体温（°C）').fill('55');
  await page.getByRole('button', { name: '放行' }).click();
  await page.locator('.field-error[data-for="temperature"]', { hasText: '须在 34.0–43.0' }).waitFor();
  // a fever
  await page.getByLabel('体温（°C）').fill('38.2');
  await page.locator('.fever-note').waitFor();
  await picture(page, 'verify-phone.png');
  const before = count('referral');
  await page.getByRole('button', { name: '劝返' }).click();
  await page.locator('.status.bad', { hasText: `发热！已劝返，并转诊至${communityName}` }).waitFor();
  assert.equal(count('referral'), before + 1);
  assert.equal(await page.getByLabel('通行码', { exact: true }).inputValue(), '');
  await picture(page, 'verify-fever-phone.png', false);

  // a pass of another day is shown as such, with nothing to record
  sql(srv.db, `UPDATE pass SET day = day - 1 WHERE code = '${residentPass.code}'`);
  await page.getByLabel('通行码', { exact: true }).fill(residentPass.code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('.pass-state.bad', { hasText: '非当日通行码' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '放行' }).count(), 0);
  await picture(page, 'verify-expired-phone.png', false);
  sql(srv.db, `UPDATE pass SET day = day + 1 WHERE code = '${residentPass.code}'`);
  // an unknown code is said so at the field
  await page.getByLabel('通行码', { exact: true }).fill('ZZZZZZZZZZZZZZZZ');
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('.field-error[data-for="code"]', { hasText: '查无此通行码' }).waitFor();
  page.check();
  await page.done();

  const wide = await open(DESKTOP);
  await login(wide, 'kadian');
  await wide.getByLabel('通行码', { exact: true }).fill(residentPass.code);
  await wide.getByLabel('通行码', { exact: true }).press('Enter');
  await wide.locator('.pass-history', { hasText: '已核验 1 次' }).waitFor();
  await picture(wide, 'verify-desktop.png');
  wide.check();
  await wide.done();
});

test('the community receives and closes the referral on 发热转诊', async () => {
  const page = await open(DESKTOP);
  await login(page, 'community');
  await page.locator('#nav a', { hasText: '发热转诊' }).click();
  const row = page.locator('table.referrals tbody tr', { hasText: '周居民' });
  await row.waitFor();
  assert.match(await row.textContent(), /38\.2\s°C/);
  assert.match(await row.textContent(), new RegExp(RESIDENT.slice(0, 4) + '\\*{10}' + RESIDENT.slice(-4)));
  assert.match(await row.textContent(), /137\*\*\*\*1234/);
  assert.match(await row.textContent(), new RegExp(communityName));
  await picture(page, 'referrals-desktop.png');
  await row.getByRole('button', { name: '接收' }).click();
  await page.locator('.status.ok', { hasText: '已接收：周居民' }).waitFor();
  // gone from 待接收; under 已接收, closed with what was done
  assert.equal(await page.locator('table.referrals tbody tr', { hasText: '周居民' }).count(), 0);
  await page.locator('.filter-tabs a', { hasText: '已接收' }).click();
  const got = page.locator('table.referrals tbody tr', { hasText: '周居民' });
  await got.getByRole('button', { name: '关闭' }).click();
  await page.getByLabel('处置情况').fill('已送发热门诊');
  await page.getByRole('button', { name: '确认关闭' }).click();
  await page.locator('.status.ok', { hasText: '已关闭：周居民' }).waitFor();
  await page.locator('.filter-tabs a', { hasText: '已关闭' }).click();
  await page.locator('table.referrals tbody tr', { hasText: '已送发热门诊' }).waitFor();
  page.check();
  await page.done();

  const phone = await open(PHONE);
  await login(phone, 'community');
  await phone.goto(srv.url + '/app.html#/referrals/all');
  await phone.locator('table.referrals tbody tr', { hasText: '周居民' }).waitFor();
  await fits(phone);
  await picture(phone, 'referrals-phone.png');
  phone.check();
  await phone.done();
});

test('卡点管理: the day\'s counts, a new checkpoint, its A4 poster', async () => {
  const page = await open(DESKTOP);
  await login(page, 'town');
  await page.locator('#nav a', { hasText: '卡点管理' }).click();
  const row = page.locator(`table.cp-stats tbody tr[data-id="${cp.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td[data-col="checks"]').textContent(), '1');
  assert.equal(await row.locator('td[data-col="fevers"]').textContent(), '1');
  assert.equal(await row.locator('td[data-col="turned_back"]').textContent(), '1');
  assert.equal(await row.locator('td[data-col="vehicles"]').textContent(), '1');
  assert.equal(await row.locator('td[data-col="passes"]').textContent(), '2');

  // an error at its field, then a new checkpoint in the list
  await page.getByLabel('卡点名称').fill('济源站');
  await page.getByRole('button', { name: '添加卡点' }).click();
  await page.locator('.field-error[data-for="kind"]', { hasText: '必填' }).waitFor();
  await page.getByLabel('类型').selectOption('rail');
  await page.getByLabel('位置').fill('济源站东广场出站口');
  await page.getByRole('button', { name: '添加卡点' }).click();
  await page.locator('.status.ok', { hasText: '已添加卡点“济源站”' }).waitFor();
  await page.locator('table.cp-stats tbody tr', { hasText: '济源站' }).waitFor();
  await picture(page, 'admin-desktop.png');

  // the poster of the first checkpoint
  const [poster] = await Promise.all([page.context().waitForEvent('page'),
    row.getByRole('link', { name: '打印海报' }).click()]);
  await poster.locator('#cp-name', { hasText: '二广高速济源东出口' }).waitFor();
  await qrLoaded(poster);
  await poster.getByRole('button', { name: '打印海报（A4）' }).waitFor();
  assert.equal(await poster.locator('#cp-url').textContent(), `${srv.url}/pass.html?c=${cp.code}`);
  await poster.screenshot({ path: SHOTS + 'checkpoint-poster-desktop.png', fullPage: true });
  // as printed: the toolbar gone, one A4 sheet (794 × 1123 CSS px) with nothing cut off
  await poster.emulateMedia({ media: 'print' });
  assert.equal(await poster.locator('.toolbar').isVisible(), false);
  const fit = await poster.evaluate(() => {
    const sheet = document.getElementById('sheet').getBoundingClientRect();
    const foot = document.querySelector('.sheet footer').getBoundingClientRect();
    return { h: Math.round(sheet.height), inside: foot.bottom <= sheet.bottom + 0.5 };
  });
  assert.ok(Math.abs(fit.h - 1123) <= 1 && fit.inside, JSON.stringify(fit));
  await poster.screenshot({ path: SHOTS + 'checkpoint-poster-print.png', fullPage: true });
  page.check();
  await page.done();

  const phone = await open(PHONE);
  await login(phone, 'command');
  await phone.goto(srv.url + '/app.html#/checkpoints');
  await phone.locator('table.cp-stats tbody tr', { hasText: '济源站' }).waitFor();
  await fits(phone);
  await picture(phone, 'admin-phone.png');
  phone.check();
  await phone.done();
});
