// scan.test.mjs - the public venue scan page (scan.html?v=CODE, 场所码) in
// a real browser at 360 px, against a real server on the demo city: a
// venue applied for and approved through the API; a first scan with a bad
// ID number is refused at its field and nothing is stored; the corrected
// scan lands in the person's trajectory; the phone remembers the person,
// so the next scan is one tap; a code that is not an approved venue's says
// so and shows no form.
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/scan.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login, api, sql } from '../lib/server.mjs';
import { launch, openPage, fits, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const TOWN = '419001001';
const COMMUNITY = '419001001001';
const ID = '110105198001010016';

let srv, browser, venue, pending, epi;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  const password = srv.password;
  browser = await launch();
  const admin = await login(srv.url, 'admin', password);
  for (const [username, role, node] of [['shop', 'venue_operator', TOWN], ['epi', 'epidemiologist', '419001']]) {
    const r = await api(srv.url, admin, 'POST', '/api/v1/users',
      { username, password, role, node, display_name: username });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const shop = await login(srv.url, 'shop', password);
  const officer = await login(srv.url, 'town', password);
  epi = await login(srv.url, 'epi', password);
  const apply = async name => {
    const r = await api(srv.url, shop, 'POST', '/api/v1/venues', { name, type: 'supermarket',
      address: '沁园路88号', node: COMMUNITY, contact_name: '王老板', contact_phone: '13812345678' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const v = await apply('扫码测试超市');
  const d = await api(srv.url, officer, 'POST', `/api/v1/venues/${v.id}/decide`, { decision: 'approve' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  venue = d.body;
  pending = await apply('尚未审核的饭店');
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// A phone's page; its check() also asserts no horizontal scrolling.
async function phone() {
  const page = await openPage(browser, srv, PHONE);
  const check = page.check;
  page.check = async () => {
    check();
    await fits(page);
  };
  return page;
}

// a visitor the ledger does not know has no grid, so the ledger's search
// does not list them: the person's row is looked up in the database
async function trajectoryOf(idNumber) {
  const pid = sql(srv.db, `SELECT id FROM person WHERE id_number = '${idNumber}'`);
  if (!pid) return [];
  const t = await api(srv.url, epi, 'GET', `/api/v1/persons/${pid}/trajectory`);
  assert.equal(t.status, 200, JSON.stringify(t.body));
  return t.body.stops;
}

test('a first scan: a bad ID number is named at its field, the corrected one is recorded', async () => {
  const page = await phone();
  await page.goto(`${srv.url}/scan.html?v=${venue.code}`);
  await page.locator('#v-name', { hasText: '扫码测试超市' }).waitFor();
  assert.match(await page.locator('#v-meta').textContent(), /超市 · 沁园路88号/);
  const form = page.locator('#scan-form');
  await form.getByLabel('姓名').fill('扫码人');
  await form.getByLabel('身份证号').fill('110105198001010017');      // wrong check digit
  await form.getByLabel('手机号').fill('13900001111');
  await form.getByRole('button', { name: '登记' }).click();
  await form.locator('.err[data-for="id_number"]', { hasText: '校验位' }).waitFor();
  assert.equal(await form.getByLabel('身份证号').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await trajectoryOf('110105198001010017'), []);

  await form.getByLabel('身份证号').fill(ID);
  await form.getByRole('button', { name: '登记' }).click();
  await page.locator('#done .state', { hasText: '登记成功' }).waitFor();
  assert.equal(await page.locator('#d-venue').textContent(), '扫码测试超市');
  assert.equal(await page.locator('#d-id').textContent(), '1101**********0016');
  await page.check();
  await page.screenshot({ path: SHOTS + 'phone-scan-done.png' });
  const stops = await trajectoryOf(ID);
  assert.equal(stops.length, 1);
  assert.equal(stops[0].venue, '扫码测试超市');

  // the phone remembers: the next scan is one tap
  await page.goto(`${srv.url}/scan.html?v=${venue.code}`);
  await page.locator('#known .who-name', { hasText: '扫码人' }).waitFor();
  assert.equal(await page.locator('#scan-form').isHidden(), true);
  await page.screenshot({ path: SHOTS + 'phone-scan-known.png' });
  await page.getByRole('button', { name: '确认登记' }).click();
  await page.locator('#done .state', { hasText: '登记成功' }).waitFor();
  // within a second the same scan is the same scan; later it is another
  assert.ok((await trajectoryOf(ID)).length >= 1);
  await page.check();
  await page.done();
});

test('a code that is no approved venue shows no form, and a scan of it stores nothing', async () => {
  const page = await phone();
  await page.goto(`${srv.url}/scan.html?v=${'0'.repeat(16)}`);
  await page.locator('#status.bad', { hasText: '场所码无效' }).waitFor();
  assert.equal(await page.locator('#scan-form').isHidden(), true);
  await page.goto(`${srv.url}/scan.html`);
  await page.locator('#status', { hasText: '请使用手机扫描' }).waitFor();
  await page.check();
  await page.done();
  const r = await api(srv.url, null, 'POST', '/api/v1/public/scans',
    { venue: pending.code || 'nocode', name: '某人', id_number: ID, phone: '13900001111' });
  assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body));
  assert.equal(r.body.field, 'venue');
});
