// errors.test.mjs - refusals reach the official in Chinese, as the server
// wrote them (src/core/err_table.h): the pages parse no English. For a
// wrong password, a bad ID check digit and a round closed while the grid
// worker's page was open, the page shows the server's own message: the
// same refusal asked of the API gives that `message`, under its `key`.
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/errors.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, DESKTOP, PHONE } from '../lib/browser.mjs';

const TOWN = '419001001';
const GRID = '419001001001001';
const HAN = /\p{Script=Han}/u;
const ENGLISH = /[a-z]{3,}/;          // an English word in what the page shows

// A resident ID number: 17 digits and the GB 11643 check character.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

let srv, browser, password, tok;

before(async () => {
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  tok = { grid: await apiLogin(srv.url, 'grid', password),
    command: await apiLogin(srv.url, 'command', password) };
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const open = viewport => openPage(browser, srv, viewport);

// The error the API gives for a request, checked to be of the table.
async function refusal(token, method, path, body, key) {
  const r = await api(srv.url, token, method, path, body);
  assert.ok(r.status >= 400, JSON.stringify(r.body));
  assert.equal(r.body.key, key, JSON.stringify(r.body));
  assert.match(r.body.message, HAN);
  return r.body;
}

test('a wrong password: 用户名或密码错误, the server\'s message', async () => {
  const want = await refusal(null, 'POST', '/api/v1/login',
    { username: 'admin', password: 'not-the-password' }, 'auth.bad_credentials');
  const page = await open(DESKTOP);
  await page.goto(srv.url + '/');
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('also-not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  const box = page.locator('#login-error');
  await box.filter({ hasText: /\S/ }).waitFor();
  assert.equal(await box.textContent(), want.error);
  assert.equal(want.error, '用户名或密码错误');
  page.check();
  await page.done();
});

test('a bad ID check digit: 校验位不符 under the field, the server\'s message', async () => {
  const h = await api(srv.url, tok.grid, 'POST', '/api/v1/households',
    { grid: GRID, address: '错误提示测试路1号' });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const id = idNumber('41900119900315201');
  const badId = id.slice(0, 17) + (id[17] === '5' ? '6' : '5');
  const want = await refusal(tok.grid, 'POST', '/api/v1/persons',
    { household_id: h.body.id, name: '错误提示测试人', id_number: badId }, 'id_number.check_digit');
  assert.equal(want.field, 'id_number');
  assert.equal(want.message, `校验位不符（按前 17 位应为 ${id[17]}），请核对号码是否抄错`);
  assert.equal(want.error, '身份证号：' + want.message);

  const page = await open(DESKTOP);
  await loginOk(page, srv, 'grid', password);
  await page.locator('#nav a', { hasText: '人员台账' }).click();
  await page.locator('h2', { hasText: '人员台账' }).waitFor();
  await page.locator('form.add-household').getByLabel('住址').fill('错误提示测试路2号');
  await page.getByRole('button', { name: '新增住户' }).click();
  await page.locator('.status.ok', { hasText: '已新增住户' }).waitFor();
  const form = page.locator('form.add-person');
  await form.getByLabel('姓名').fill('错误提示测试人');
  await form.getByLabel('身份证号').fill(badId);
  await form.getByRole('button', { name: '登记人员' }).click();
  const idErr = form.locator('.field-error[data-for="id_number"]');
  await idErr.filter({ hasText: /\S/ }).waitFor();
  assert.equal(await idErr.textContent(), want.message);
  assert.doesNotMatch(await idErr.textContent(), ENGLISH);
  page.check();
  await page.done();
});

test('a round closed while the grid worker\'s page was open: the visit is refused in Chinese', async () => {
  const h = await api(srv.url, tok.grid, 'POST', '/api/v1/households',
    { grid: GRID, address: '错误提示测试路3号' });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const round = await api(srv.url, tok.command, 'POST', '/api/v1/rounds', { node: TOWN });
  assert.equal(round.status, 201, JSON.stringify(round.body));

  const page = await open(PHONE);
  await loginOk(page, srv, 'grid', password);
  const card = page.locator('.hh-card', { has: page.locator('.hh-addr', { hasText: '错误提示测试路3号' }) });
  await card.waitFor();

  // meanwhile the street closes the round
  const closed = await api(srv.url, tok.command, 'POST', `/api/v1/rounds/${round.body.id}/close`);
  assert.equal(closed.status, 204, JSON.stringify(closed.body));
  const want = await refusal(tok.grid, 'POST', '/api/v1/visits',
    { household_id: h.body.id, outcome: 'visited' }, 'round.none_open');

  await card.scrollIntoViewIfNeeded();
  await card.getByRole('button', { name: '已走访' }).click();
  await card.getByRole('button', { name: '确认已走访' }).click();
  const status = page.locator('.status.bad', { hasText: want.message });
  await status.waitFor();
  assert.equal(want.message, '当前没有进行中的排查轮次，请联系乡镇街道或指挥部开启');
  assert.doesNotMatch(await status.textContent(), ENGLISH);
  page.check();
  await page.done();
});
