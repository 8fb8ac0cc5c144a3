// ledger.test.mjs - the screening-ledger pages in a real browser (Chromium
// through playwright-core) against a real server on the demo city
// (济源市): 排查进度 (coverage, rounds), 入户排查 (the grid worker's phone
// page: a visit in two taps) and 人员台账 (search, add a household and a
// person, errors next to the field), at 1366 px and at 360 px. What the
// tests need is made through the API first: the demo may or may not have a
// synthetic population. Screenshots go to tests/browser/screenshots/.
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

const TOWN = '419001001';
const COMMUNITY = '419001001001';
const GRID = '419001001001001';

// A resident ID number: 17 digits and the GB 11643 check character.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

let srv, browser, password;
const homes = [];            // households made through the API in GRID
let townBefore;              // 沁园街道's figures when the round was opened

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  // two households with their heads in the grid worker's grid
  const t = await apiLogin(srv.url, 'grid', password);
  for (const [address, head, id] of [['浏览器测试小区1号楼101室', '测试甲', '41900119800101301'],
    ['浏览器测试小区1号楼102室', '测试乙', '41900119850202302']]) {
    const h = await api(srv.url, t, 'POST', '/api/v1/households', { grid: GRID, address });
    assert.equal(h.status, 201, JSON.stringify(h.body));
    const p = await api(srv.url, t, 'POST', '/api/v1/persons', { household_id: h.body.id, name: head,
      id_number: idNumber(id), relation: '户主', is_head: true });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    homes.push({ ...h.body, head });
  }
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const open = viewport => openPage(browser, srv, viewport);
const login = (page, username) => loginOk(page, srv, username, password);
const picture = (page, name, fullPage) => shot(page, SHOTS + name, fullPage);

const tab = (page, label) => page.locator('#nav a', { hasText: label });
// a figure of the totals card ("已走访" → 12)
async function figure(page, label) {
  const dd = page.locator('dl.figures .figure', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd');
  return Number(await dd.textContent());
}
async function rowFigure(page, code, cls) {
  return Number(await page.locator(`table.coverage tr[data-code="${code}"] td.${cls}`).textContent());
}
const cards = page => page.locator('.hh-card');
const cardOf = (page, address) => page.locator('.hh-card', { has: page.locator('.hh-addr', { hasText: address }) });

test('command opens a round for a street on 排查进度', async () => {
  const page = await open(DESKTOP);
  await login(page, 'command');
  assert.deepEqual(await page.locator('#nav a').allTextContents(), ['辖区管理', '包抓责任', '排查进度', '人员台账', '来返人员', '社区报备', '场所审核', '卡点管理', '发热转诊', '病例管理']);
  await tab(page, '排查进度').click();
  await page.locator('h2.node-name', { hasText: '济源市' }).waitFor();
  await page.locator('.motto', { hasText: '不漏一户、不漏一人' }).waitFor();
  assert.ok(await page.locator('table.coverage tbody tr').count() >= 10, 'a row per town');
  await fits(page);
  await picture(page, 'desktop-coverage-city.png');

  // descend into 沁园街道
  await page.locator('table.coverage a.child-link', { hasText: '沁园街道' }).click();
  await page.locator('h2.node-name', { hasText: '沁园街道' }).waitFor();
  assert.match(page.url(), /#\/coverage\/419001001$/);
  await page.locator('.crumbs a', { hasText: /^济源市$/ }).waitFor();
  await page.locator('.round-card', { hasText: '本级当前没有进行中的排查轮次' }).waitFor();
  townBefore = {
    households: await figure(page, '住户'), visited: await figure(page, '已走访'),
    not_reached: await figure(page, '未走访到'), persons: await figure(page, '登记人口'),
    community: await rowFigure(page, COMMUNITY, 'visited'),
  };
  assert.ok(townBefore.households >= 2 && townBefore.persons >= 2, JSON.stringify(townBefore));
  assert.equal(townBefore.visited, 0);
  assert.equal(townBefore.not_reached, townBefore.households);

  await page.getByRole('button', { name: '开启新一轮排查' }).click();
  await page.locator('.status.ok', { hasText: '已开启“第1轮排查”' }).waitFor();
  await page.locator('.round-card', { hasText: '进行中' }).locator('.round-name', { hasText: '第1轮排查' }).waitFor();
  await page.getByRole('button', { name: '结束本轮' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '开启新一轮排查' }).count(), 0);
  // a community below shows the street's round, without buttons
  await page.locator('table.coverage a.child-link').first().click();
  await page.locator('.round-card', { hasText: '由上级' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '结束本轮' }).count(), 0);
  page.check();
  await page.done();
});

test('the grid worker records visits on a 360 px phone, two taps each', async () => {
  const page = await open(PHONE);
  await login(page, 'grid');
  // the phone page is their home
  assert.equal((await page.locator('#nav a').allTextContents())[0], '入户排查');
  await page.locator('.visit-summary .round-name', { hasText: '第1轮排查' }).waitFor();
  const [a, b] = homes;
  await cardOf(page, a.address).waitFor();
  const n = await cards(page).count();
  assert.equal(await page.locator('.left-count').textContent(), String(n));
  const cardA = cardOf(page, a.address);
  assert.match(await cardA.textContent(), /户主 测试甲/);
  await fits(page);
  await picture(page, 'phone-visits.png', false);

  // nobody home: tap, confirm; the card stays, marked
  const cardB = cardOf(page, b.address);
  await cardB.scrollIntoViewIfNeeded();
  await cardB.getByRole('button', { name: '无人在家' }).click();
  await cardB.getByRole('button', { name: '确认无人在家' }).click();
  await page.locator('.status.ok', { hasText: `已记录：${b.address}，无人在家` }).waitFor();
  await cardB.locator('.hh-mark', { hasText: '无人在家' }).waitFor();
  assert.equal(await cards(page).count(), n);
  await cardB.getByRole('button', { name: '已走访' }).waitFor();

  // visited: tap, confirm; the card leaves the list
  await cardA.scrollIntoViewIfNeeded();
  await cardA.getByRole('button', { name: '已走访' }).click();
  await cardA.getByRole('button', { name: '确认已走访' }).waitFor();
  await picture(page, 'phone-visit-confirm.png', false);
  await cardA.getByRole('button', { name: '确认已走访' }).click();
  await page.locator('.status.ok', { hasText: `已记录：${a.address}，已走访` }).waitFor();
  await cardA.waitFor({ state: 'detached' });
  assert.equal(await cards(page).count(), n - 1);
  assert.equal(await page.locator('.left-count').textContent(), String(n - 1));
  await fits(page);

  // a cancelled choice records nothing
  await cardB.getByRole('button', { name: '拒绝配合' }).click();
  await cardB.getByRole('button', { name: '取消' }).click();
  await cardB.getByRole('button', { name: '拒绝配合' }).waitFor();

  // after a reload: A is gone, B is still there, marked
  await page.reload();
  await cardOf(page, b.address).locator('.hh-mark', { hasText: '上次无人在家' }).waitFor();
  assert.equal(await cardOf(page, a.address).count(), 0);
  page.check();
  await page.done();
});

test('back as command: the street\'s coverage moved', async () => {
  const page = await open(DESKTOP);
  await login(page, 'command');
  await page.goto(srv.url + '/app.html#/coverage/' + TOWN);
  await page.locator('h2.node-name', { hasText: '沁园街道' }).waitFor();
  await page.locator('.round-card .round-name', { hasText: '第1轮排查' }).waitFor();
  assert.equal(await figure(page, '已走访'), townBefore.visited + 1);
  assert.equal(await figure(page, '其中无人在家'), 1);
  assert.equal(await figure(page, '未走访到'), townBefore.not_reached - 1);
  assert.equal(await rowFigure(page, COMMUNITY, 'visited'), townBefore.community + 1);
  assert.equal(await rowFigure(page, COMMUNITY, 'nobody_home'), 1);
  const bar = page.locator(`table.coverage tr[data-code="${COMMUNITY}"] [role=progressbar]`);
  assert.ok(Number(await bar.getAttribute('aria-valuenow')) >= 0);
  assert.match(await page.locator(`table.coverage tr[data-code="${COMMUNITY}"] .progress-text`).textContent(),
    /1\/\d+ 户/);
  // sorted by progress, the laggards first
  await page.getByLabel('排序').selectOption('low');
  const first = await page.locator('table.coverage tbody tr').first().getAttribute('data-code');
  assert.notEqual(first, COMMUNITY);
  await fits(page);
  await picture(page, 'desktop-coverage-town.png');

  // down to the grid, the same figures
  await page.goto(srv.url + '/app.html#/coverage/' + GRID);
  await page.locator('h2.node-name', { hasText: '网格' }).waitFor();
  assert.equal(await figure(page, '已走访'), 1);
  page.check();
  await page.done();
});

test('人员台账: add a household and a person, find them masked; a bad ID number is shown at its field', async () => {
  const page = await open(DESKTOP);
  await login(page, 'grid');
  await tab(page, '人员台账').click();
  await page.locator('h2', { hasText: '人员台账' }).waitFor();
  await page.locator('.fixed-grid', { hasText: '第一网格' }).waitFor();

  // a household through the form
  await page.locator('form.add-household').getByLabel('住址').fill('台账测试路8号');
  await page.getByRole('button', { name: '新增住户' }).click();
  await page.locator('.status.ok', { hasText: '已新增住户“台账测试路8号”' }).waitFor();
  const hid = await page.getByLabel('住户编号').inputValue();
  assert.match(hid, /^\d+$/);

  // a bad ID number: the error under the field, nothing registered
  const form = page.locator('form.add-person');
  await form.getByLabel('姓名').fill('台账测试人');
  const id = idNumber('41900119900315201');
  const badId = id.slice(0, 17) + (id[17] === '5' ? '6' : '5');
  await form.getByLabel('身份证号').fill(badId);
  await form.getByLabel('手机号').fill('13912345678');
  await form.getByRole('button', { name: '登记人员' }).click();
  const idErr = form.locator('.field-error[data-for="id_number"]');
  await idErr.filter({ hasText: '校验位不符' }).waitFor();
  assert.equal(await form.getByLabel('身份证号').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.evaluate(() => document.activeElement?.name === 'id_number'), 'focus on the field');
  await fits(page);
  await picture(page, 'desktop-persons-error.png');

  // a bad phone: the same, at the phone field
  await form.getByLabel('身份证号').fill(id.toLowerCase());
  await form.getByLabel('手机号').fill('2391234567');
  await form.getByRole('button', { name: '登记人员' }).click();
  await form.locator('.field-error[data-for="phone"]', { hasText: '手机号' }).waitFor();
  assert.equal(await idErr.textContent(), '', 'the old error is gone');

  // the right values: registered, masked in the reply and in the list
  await form.getByLabel('手机号').fill('13912345678');
  await form.getByLabel('与户主关系').selectOption('户主');
  assert.equal(await form.getByLabel('户主', { exact: true }).isChecked(), true);
  await form.getByRole('button', { name: '登记人员' }).click();
  const masked = id.slice(0, 4) + '**********' + id.slice(-4);
  await form.locator('.status.ok', { hasText: `已登记“台账测试人”，身份证号 ${masked}` }).waitFor();

  // search by name: one row, masked
  const search = page.locator('form.search-form');
  await search.getByLabel('姓名').fill('台账测试人');
  await search.getByRole('button', { name: '查询' }).click();
  const row = page.locator('table.persons tbody tr', { hasText: '台账测试人' });
  await row.waitFor();
  assert.equal(await page.locator('table.persons tbody tr').count(), 1);
  assert.equal(await row.locator('.id-number').textContent(), masked);
  assert.equal(await row.locator('.phone').textContent(), '139****5678');
  assert.match(await row.textContent(), /台账测试路8号/);
  assert.match(await row.textContent(), /户主/);
  const text = await page.locator('body').textContent();
  assert.ok(!text.includes(id) && !text.includes(id.toLowerCase()) && !text.includes('13912345678'),
    'no full ID number or phone on the page');
  // by full ID number (with a lower-case x typed) and by part of the address
  await search.getByLabel('姓名').fill('');
  await search.getByLabel('住址').fill('台账测试路');
  await search.getByRole('button', { name: '查询' }).click();
  await page.locator('.status', { hasText: '共 1 人' }).waitFor();
  await picture(page, 'desktop-persons.png');
  page.check();
  await page.done();
});

test('人员台账 and 排查进度 fit a 360 px phone', async () => {
  const page = await open(PHONE);
  await login(page, 'grid');
  await tab(page, '人员台账').click();
  const search = page.locator('form.search-form');
  await search.getByLabel('姓名').fill('测试甲');
  await search.getByRole('button', { name: '查询' }).click();
  await page.locator('table.persons tbody tr', { hasText: '测试甲' }).waitFor();
  await fits(page);
  // a bad ID number on the phone too
  const form = page.locator('form.add-person');
  await form.getByLabel('住户编号').fill(String(homes[0].id));
  await form.getByLabel('姓名').fill('手机登记');
  await form.getByLabel('身份证号').fill('41900119900315201');
  await form.getByRole('button', { name: '登记人员' }).click();
  await form.locator('.field-error[data-for="id_number"]', { hasText: '18 位' }).waitFor();
  await fits(page);
  await picture(page, 'phone-persons.png');

  await tab(page, '排查进度').click();
  await page.locator('h2.node-name', { hasText: '第一网格' }).waitFor();
  await fits(page);
  await picture(page, 'phone-coverage-grid.png');
  page.check();
  await page.done();

  const p2 = await open(PHONE);
  await login(p2, 'town');
  await tab(p2, '排查进度').click();
  await p2.locator('table.coverage tbody tr').first().waitFor();
  await fits(p2);
  await picture(p2, 'phone-coverage-town.png');
  p2.check();
  await p2.done();
});

test('a community officer chooses a grid on 入户排查', async () => {
  const page = await open(DESKTOP);
  await login(page, 'community');
  await tab(page, '入户排查').click();
  await page.getByLabel('网格', { exact: true }).selectOption(GRID);
  await page.waitForURL(new RegExp(`#/visits/${GRID}$`));
  await cardOf(page, homes[1].address).waitFor();
  assert.equal(await cardOf(page, homes[0].address).count(), 0, 'the visited one is not listed');
  await fits(page);
  await picture(page, 'desktop-visits.png');
  page.check();
  await page.done();
});

test('command ends the round; the grid worker then sees that none is open', async () => {
  const page = await open(DESKTOP);
  await login(page, 'command');
  await page.goto(srv.url + '/app.html#/coverage/' + TOWN);
  await page.getByRole('button', { name: '结束本轮' }).click();
  await page.getByRole('button', { name: '确认结束' }).click();
  await page.locator('.status.ok', { hasText: '已结束“第1轮排查”' }).waitFor();
  await page.getByRole('button', { name: '开启新一轮排查' }).waitFor();
  page.check();
  await page.done();

  const phone = await open(PHONE);
  await login(phone, 'grid');
  await phone.locator('.round-none', { hasText: '当前没有进行中的排查轮次' }).waitFor();
  assert.equal(await cards(phone).count(), 0);
  await fits(phone);
  await picture(phone, 'phone-visits-no-round.png');
  phone.check();
  await phone.done();
});
