// case.test.mjs - 病例管理 in a real browser (Chromium through
// playwright-core) against a real server on the demo city: an
// epidemiologist confirms a suspected case, adds a trajectory entry, has
// the contacts proposed (household members, with the reason), confirms
// one and dismisses one (the reason is required); the 传播链 page draws the
// link of two cases (an ECharts canvas) and lists both. Only household
// contacts are asserted: they hold for the stand-in tracing engine and the
// real one. Screenshots at 1366 and 360 px go to tests/browser/screenshots/
// (case-*.png).
//
//   make build/san/lianfang web-vendor &&
//   LIANFANG_BIN=build/san/lianfang node --test tests/browser/case.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login as apiLogin, api, sql as sqlOn } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const day = n => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

let srv, browser, password, epi, A, B, C, D, E, caseA, caseD;

const sql = q => sqlOn(srv.db, q);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  const admin = await apiLogin(srv.url, 'admin', password);
  const u = await api(srv.url, admin, 'POST', '/api/v1/users',
    { username: 'liudiao', password, role: 'epidemiologist', node: '419001', display_name: '流调一组' });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  epi = await apiLogin(srv.url, 'liudiao', password);
  const hh = sql('SELECT household_id FROM person WHERE household_id IS NOT NULL AND id_number IS NOT NULL GROUP BY household_id HAVING count(*) >= 3 ORDER BY household_id LIMIT 1');
  [A, B, C] = sql(`SELECT id || '|' || name FROM person WHERE household_id = ${hh} ORDER BY id LIMIT 3`)
    .split('\n').map(l => { const [id, name] = l.split('|'); return { id: +id, name }; });
  const d = sql(`SELECT id || '|' || name FROM person WHERE household_id IS NOT NULL AND household_id <> ${hh} ORDER BY id LIMIT 1`).split('|');
  D = { id: +d[0], name: d[1] };
  const e = sql(`SELECT id || '|' || name || '|' || id_number FROM person WHERE id_number IS NOT NULL AND household_id NOT IN (SELECT household_id FROM person WHERE id IN (${A.id}, ${D.id})) ORDER BY id DESC LIMIT 1`).split('|');
  E = { id: +e[0], name: e[1], idn: e[2] };
  const a = await api(srv.url, epi, 'POST', '/api/v1/cases',
    { person_id: A.id, onset_date: day(2), hospital: '济源市人民医院', source: 'local' });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  caseA = a.body.id;
  const dd = await api(srv.url, epi, 'POST', '/api/v1/cases',
    { person_id: D.id, status: 'confirmed', onset_date: day(1) });
  assert.equal(dd.status, 201, JSON.stringify(dd.body));
  caseD = dd.body.id;
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const open = viewport => openPage(browser, srv, viewport);
const login = (page, username) => loginOk(page, srv, username, password);
const picture = (page, name) => shot(page, SHOTS + 'case-' + name);

test('an epidemiologist confirms a case and decides its proposed contacts', async () => {
  const page = await open(DESKTOP);
  await login(page, 'liudiao');
  await page.locator('#nav a', { hasText: '病例管理' }).click();
  const row = page.locator(`table.cases tbody tr[data-id="${caseA}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /疑似病例/);
  assert.match(await row.locator('td').nth(2).textContent(), /^\d{4}\*{10}[\dX]{4}$/);
  await picture(page, 'list-desktop.png');

  // a new case by ID number: an unknown number first, then a person of the ledger
  await page.getByLabel('身份证号').fill('11010519491231002X');
  await page.getByRole('button', { name: '查找人员' }).click();
  await page.locator('.case-person.bad', { hasText: '台账中没有该身份证号的人员' }).waitFor();
  await page.getByLabel('身份证号').fill(E.idn);
  await page.getByRole('button', { name: '查找人员' }).click();
  await page.locator('.case-person.ok', { hasText: E.name }).waitFor();
  await page.getByLabel('发病日期').fill(day(-1));
  await page.getByRole('button', { name: '报告病例' }).click();
  await page.locator('.field-error[data-for="onset_date"]', { hasText: '不能晚于今天' }).waitFor();
  await page.getByLabel('发病日期').fill(day(1));
  await page.getByRole('button', { name: '报告病例' }).click();
  await page.locator('.case-head h2', { hasText: E.name }).waitFor();
  assert.match(await page.locator('.case-head .badge').textContent(), /疑似病例/);
  assert.equal(sql(`SELECT count(*) FROM epi_case WHERE person_id = ${E.id}`), '1');

  await page.locator('#nav a', { hasText: '病例管理' }).click();
  await row.getByRole('link', { name: '查看' }).click();

  // status: only the moves the table allows are offered
  const buttons = page.locator('.case-status button');
  await buttons.first().waitFor();
  assert.deepEqual(await buttons.allTextContents(), ['转为确诊病例', '转为无症状感染者', '转为已排除']);
  await page.getByLabel('状态变更').fill('核酸阳性');
  await page.getByRole('button', { name: '转为确诊病例' }).click();
  await page.locator('.case-head .badge', { hasText: '确诊病例' }).waitFor();
  assert.deepEqual(await page.locator('.case-status button').allTextContents(),
    ['转为已出院', '转为死亡']);

  // a manual trajectory entry
  await page.getByLabel('地点').fill('亲戚家');
  await page.getByLabel('开始时间').fill(`${day(1)}T18:00`);
  await page.getByLabel('结束时间').fill(`${day(1)}T17:00`);
  await page.getByRole('button', { name: '补录轨迹' }).click();
  await page.locator('.case-entry .field-error[data-for="to"]', { hasText: '不能早于开始时间' }).waitFor();
  await page.getByLabel('结束时间').fill(`${day(1)}T20:30`);
  await page.getByRole('button', { name: '补录轨迹' }).click();
  await page.locator('.timeline li[data-kind="manual"]', { hasText: '亲戚家' }).waitFor();

  // contacts: proposed with the reason, one confirmed, one dismissed
  await page.getByRole('button', { name: '生成密接名单' }).click();
  const rowOf = p => page.locator('table.contacts tbody tr', { hasText: p.name });
  await rowOf(B).waitFor();
  await rowOf(C).waitFor();
  // the rules the proposal used are said beside it
  await page.getByText(/推荐依据：.*停留重叠 ≥ 15 分钟.*同住人员/).waitFor();
  for (const p of [B, C]) {
    assert.match(await rowOf(p).locator('td.reason').textContent(), /^同住/);
    assert.match(await rowOf(p).textContent(), /待确认/);
  }
  assert.equal(await page.locator('table.contacts tbody tr', { hasText: A.name }).count(), 0);
  await picture(page, 'case-desktop.png');
  await rowOf(B).getByRole('button', { name: '确认密接' }).click();
  await page.locator(`table.contacts tbody tr[data-status="confirmed"]`, { hasText: B.name }).waitFor();
  await rowOf(C).getByRole('button', { name: '排除' }).click();
  await rowOf(C).locator('.form-error', { hasText: '排除密接时须填写理由' }).waitFor();
  await rowOf(C).getByLabel('排除理由').fill('长期在外地务工');
  await rowOf(C).getByRole('button', { name: '排除' }).click();
  await page.locator(`table.contacts tbody tr[data-status="dismissed"]`, { hasText: C.name }).waitFor();
  assert.equal(sql(`SELECT status FROM contact WHERE case_id = ${caseA} AND person_id IN (${B.id}, ${C.id}) ORDER BY person_id`)
    .split('\n').join(','), B.id < C.id ? '1,2' : '2,1');
  page.check();
  await page.done();

  const phone = await open(PHONE);
  await login(phone, 'liudiao');
  await phone.goto(`${srv.url}/app.html#/cases/${caseA}`);
  await phone.locator('table.contacts tbody tr', { hasText: B.name }).waitFor();
  await phone.locator('.timeline li').first().waitFor();
  await fits(phone);
  await picture(phone, 'case-phone.png');
  await phone.goto(`${srv.url}/app.html#/cases`);
  await phone.locator(`table.cases tbody tr[data-id="${caseA}"]`).waitFor();
  await fits(phone);
  await picture(phone, 'list-phone.png');
  phone.check();
  await phone.done();
});

test('the chain graph shows the link of two cases', async () => {
  const r = await api(srv.url, epi, 'PATCH', `/api/v1/cases/${caseD}`,
    { source_case_id: caseA, source_remarks: '同桌聚餐' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (const [viewport, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    const page = await open(viewport);
    await login(page, 'command');
    await page.goto(`${srv.url}/app.html#/cases/chains`);
    const chain = page.locator('.chain', { hasText: A.name });
    await chain.waitFor();
    assert.match(await chain.textContent(), new RegExp(D.name));
    assert.equal(await chain.locator('li').count(), 2);
    await page.locator('#chain-graph canvas').waitFor();
    const size = await page.locator('#chain-graph canvas').boundingBox();
    assert.ok(size.width > 200 && size.height > 200, JSON.stringify(size));
    await page.waitForTimeout(800);     // let the force layout settle for the picture
    await fits(page);
    await picture(page, `chains-${name}.png`);
    page.check();
    await page.done();
  }
});
