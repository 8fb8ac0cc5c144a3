// duty.test.mjs - 包抓责任 in a real browser (Chromium through
// playwright-core) against a real server on the demo city: a town's
// officer sees the town and its villages with the gaps marked 未落实,
// assigns a leader to a village through the form (a bad phone is refused
// next to the form, nothing stored), then ends an assignment with a reason;
// a grid worker sees who answers for the village and no buttons. At 1366
// and 360 px; screenshots go to tests/browser/screenshots/ (duty-*.png).
//
//   make build/san/lianfang &&
//   LIANFANG_BIN=build/san/lianfang node --test tests/browser/duty.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
let srv, browser, password, village;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  village = srv.accounts.community.node;
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function dutiesOf(token, node) {
  const r = await api(srv.url, token, 'GET', `/api/v1/duties?node=${node}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.nodes.find(n => n.code === node).duties;
}

test('a town officer assigns a village leader and ends it, at 1366 px', async () => {
  const page = await openPage(browser, srv, DESKTOP);
  await loginOk(page, srv, 'town', password);
  await page.getByRole('link', { name: '包抓责任' }).click();
  const row = page.locator(`tr[data-node="${village}"]`).first();
  await row.getByText('未落实').waitFor();
  await page.getByText(/本辖区共 \d+ 个单位，已落实 0 个/).waitFor();
  await shot(page, SHOTS + 'duty-gaps-1366.png');

  await row.getByRole('button', { name: '指定' }).click();
  await page.getByLabel('责任人姓名').fill('周立');
  await page.getByLabel('职务').fill('镇党委委员');
  await page.getByLabel('联系电话').fill('1380000');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.edit-row .form-error').filter({ hasText: /手机|phone|位/ }).waitFor();
  const token = await apiLogin(srv.url, 'town', password);
  assert.equal((await dutiesOf(token, village)).length, 0, 'a refused form stores nothing');

  await page.getByLabel('联系电话').fill('138 0000 4444');
  await page.getByRole('button', { name: '保存' }).click();
  const assigned = page.locator(`tr[data-node="${village}"]`).filter({ hasText: '周立' });
  await assigned.waitFor();
  assert.match(await assigned.innerText(), /镇党委委员/);
  assert.equal(await assigned.getByRole('link', { name: '13800004444' }).getAttribute('href'),
    'tel:13800004444');
  const d = await dutiesOf(token, village);
  assert.deepEqual(d.map(x => [x.name, x.phone, x.kind]), [['周立', '13800004444', 'lead']]);
  await shot(page, SHOTS + 'duty-assigned-1366.png');

  // 只看未落实 hides the village now
  await page.getByLabel('只看未落实').check();
  assert.equal(await page.locator(`tr[data-node="${village}"]`).count(), 0);
  await page.getByLabel('只看未落实').uncheck();

  await assigned.getByRole('button', { name: '结束' }).click();
  await page.getByLabel('结束原因').fill('工作调动');
  await page.getByRole('button', { name: '确认结束' }).click();
  await page.locator(`tr[data-node="${village}"]`).first().getByText('未落实').waitFor();
  assert.equal((await dutiesOf(token, village)).length, 0);
  await page.getByLabel('显示已结束').check();
  await page.getByText(/已于 .* 结束：工作调动/).waitFor();
  page.check();
  await page.done();
});

test('a grid worker reads who answers for the village on a phone, without buttons', async () => {
  const cmd = await apiLogin(srv.url, 'command', password);
  const r = await api(srv.url, cmd, 'POST', '/api/v1/duties',
    { node: village, name: '孙敏', title: '镇长', phone: '13900005555' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const page = await openPage(browser, srv, PHONE);
  await loginOk(page, srv, 'grid', password);
  await page.getByRole('link', { name: '包抓责任' }).click();
  // the village is above the grid worker's grid: shown, marked 上级
  const row = page.locator(`tr[data-node="${village}"]`).filter({ hasText: '孙敏' });
  await row.waitFor();
  assert.match(await row.innerText(), /上级/);
  assert.equal(await page.getByRole('button', { name: /指定|结束/ }).count(), 0);
  await fits(page);
  await shot(page, SHOTS + 'duty-grid-360.png');
  page.check();
  await page.done();
});
