// arrival_entry.test.mjs - an arrival entered by an officer on 来返人员
// reaches the grid worker's page (issue 14): one matched to a ledger
// person by ID number lands in their grid at once; one the ledger does not
// know waits in the community's queue (待落地) until the officer places it
// in a grid from the list. At 1366 px (the officer) and 360 px (the grid
// worker's phone). Screenshots go to tests/browser/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const COMMUNITY = '419001001001';
const GRID = '419001001001001';

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

let srv, browser, password;
const KNOWN = idNumber('41900119880808123');
const UNKNOWN = idNumber('41900119920909456');

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password;
  browser = await launch();
  const t = await apiLogin(srv.url, 'grid', password);
  const h = await api(srv.url, t, 'POST', '/api/v1/households', { grid: GRID, address: '落地测试小区3号' });
  const p = await api(srv.url, t, 'POST', '/api/v1/persons',
    { household_id: h.body.id, name: '落地甲', id_number: KNOWN });
  assert.equal(p.status, 201, JSON.stringify(p.body));
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function open(viewport, who) {
  const page = await openPage(browser, srv, viewport);
  await loginOk(page, srv, who, password);
  await page.locator('#nav a', { hasText: '来返人员' }).click();
  return page;
}

test('an officer enters two arrivals; the grid worker sees both once placed', async () => {
  const page = await open(DESKTOP, 'community');
  const form = page.locator('form.add-arrival');
  const enter = async (name, id) => {
    await form.getByLabel('姓名').fill(name);
    await form.getByLabel('身份证号').fill(id);
    await form.getByLabel('手机号').fill('13700001234');
    await form.getByLabel('来源地', { exact: true }).fill('广州市天河区');
    await form.getByLabel('交通方式').selectOption('高铁');
    await form.getByLabel('来源地风险等级').selectOption('1');
    await form.getByRole('button', { name: '登记来返人员' }).click();
  };
  // a bad ID number: named under its field, nothing entered
  await enter('落地乙', '41900119920909450');
  await form.locator('.field-error[data-for="id_number"]', { hasText: /校验|\S/ }).waitFor();
  await enter('落地甲', KNOWN);
  await form.locator('.status.ok', { hasText: '已落地到网格' }).waitFor();
  await enter('落地乙', UNKNOWN);
  await form.locator('.status.ok', { hasText: '待落地' }).waitFor();
  // the queue: place 落地乙 in 第一网格 from the list
  await page.getByLabel('落地情况').selectOption('no');
  const row = page.locator('table.arrivals tbody tr', { hasText: '落地乙' });
  await row.waitFor();
  await row.getByLabel('落地乙 落地到网格').selectOption(GRID);
  await shot(page, SHOTS + 'desktop-arrival-entry.png');
  await row.getByRole('button', { name: '落地' }).click();
  await page.locator('.status', { hasText: '没有符合条件的来返人员' }).waitFor();
  await fits(page);
  page.check();
  await page.done();

  const phone = await open(PHONE, 'grid');
  for (const name of ['落地甲', '落地乙']) {
    const r = phone.locator('table.arrivals tbody tr', { hasText: name });
    await r.waitFor();
    assert.equal(await r.getAttribute('data-grid'), GRID);
    assert.match(await r.locator('.risk').textContent(), /中风险/);
  }
  await fits(phone);
  await shot(phone, SHOTS + 'phone-arrival-grid-worker.png');
  phone.check();
  await phone.done();
});
