// search.test.mjs - 人员台账's search in a real browser: a person found by
// one character of a name (杨) and by the last digits of an ID number, page
// 3 of the list (jump and the buttons), sorting by a column header; at
// 1366 px and at 360 px. The expected rows come from the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
let srv, browser, password, token;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password;
  browser = await launch();
  token = await apiLogin(srv.url, 'town', password);
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function open(viewport, who = 'town') {
  const page = await openPage(browser, srv, viewport);
  await loginOk(page, srv, who, password);
  await page.locator('#nav a', { hasText: '人员台账' }).click();
  return page;
}
const persons = async q => (await api(srv.url, token, 'GET', '/api/v1/persons?' + q)).body;
const rows = page => page.locator('table.persons tbody tr');

test('find by 杨, by an ID tail, and go to page 3', async () => {
  const page = await open(DESKTOP);
  const search = page.locator('form.search-form');
  const box = search.getByLabel('姓名 / 身份证号 / 手机号');

  // one character
  const want = await persons('q=' + encodeURIComponent('杨') + '&per=20');
  assert.ok(want.total > 20, 'the town has more than a page of 杨');
  await box.fill('杨');
  await search.getByRole('button', { name: '查询' }).click();
  await page.locator('.status', { hasText: `共 ${want.total} 人` }).waitFor();
  assert.equal(await rows(page).count(), 20);
  for (const name of await rows(page).locator('.pname').allTextContents())
    assert.match(name, /杨/);
  await page.locator('nav.pager', { hasText: `共 ${want.total} 条` }).waitFor();

  // page 3 by the jump box, then back one with 上一页
  const p3 = await persons('q=' + encodeURIComponent('杨') + '&per=20&page=3');
  await page.getByLabel('跳转到第几页').fill('3');
  await page.getByRole('button', { name: '跳转' }).click();
  await page.locator('.status', { hasText: `第 3 / ${want.pages} 页` }).waitFor();
  assert.deepEqual(await rows(page).evaluateAll(rs => rs.map(r => Number(r.dataset.id))),
    p3.persons.map(p => p.id));
  await page.getByRole('button', { name: '上一页' }).click();
  await page.locator('.status', { hasText: `第 2 / ${want.pages} 页` }).waitFor();
  await shot(page, SHOTS + 'desktop-search-name.png');

  // sorted by name, largest first: a second click on the header
  await page.locator('th[data-sort="name"] button').click();
  await page.locator('th[data-sort="name"][aria-sort="ascending"]').waitFor();
  await page.locator('th[data-sort="name"] button').click();
  await page.locator('th[data-sort="name"][aria-sort="descending"]').waitFor();
  const desc = await persons('q=' + encodeURIComponent('杨') + '&per=20&sort=-name');
  await page.waitForFunction(id => document.querySelector('table.persons tbody tr')?.dataset.id === String(id),
    desc.persons[0].id);

  // the last 4 digits of an ID number
  const one = (await persons('per=1&page=7')).persons[0];
  const tail = one.id_number.slice(-4);
  const byTail = await persons('id_number=' + tail);
  await box.fill(tail);
  await search.getByRole('button', { name: '查询' }).click();
  await page.locator(`table.persons tbody tr[data-id="${one.id}"]`).waitFor();
  const q = await persons('q=' + tail);
  await page.locator('.status', { hasText: `共 ${q.total} 人` }).waitFor();
  assert.ok(q.total >= byTail.total);
  await shot(page, SHOTS + 'desktop-search-tail.png');
  page.check();
  await page.done();
});

test('the search and its pages fit a 360 px phone', async () => {
  const page = await open(PHONE, 'community');
  const search = page.locator('form.search-form');
  await search.getByRole('button', { name: '查询' }).click();
  await page.locator('nav.pager').waitFor();
  await page.getByRole('button', { name: '下一页' }).click();
  await page.locator('.status', { hasText: '第 2 /' }).waitFor();
  await fits(page);
  await shot(page, SHOTS + 'phone-search.png');
  page.check();
  await page.done();
});
