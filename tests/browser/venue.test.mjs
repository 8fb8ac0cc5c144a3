// venue.test.mjs - venue codes (场所码) in a real browser (Chromium through
// playwright-core) against a real server on the demo city (济源市): a venue
// operator applies on 场所码申请 (a bad phone shown at its field first), a
// community officer approves one application and rejects another with a
// reason on 场所审核, the operator sees both outcomes, and the A4 poster
// shows the QR code, which zbarimg reads off a screenshot of the page as
// the scan URL; the poster prints on one A4 page without the toolbar. At
// 1366 px and at 360 px; screenshots go to tests/browser/screenshots/.
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/venue.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, shot, fits, DESKTOP, PHONE } from '../lib/browser.mjs';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const TOWN = '419001001';
const COMMUNITY = '419001001001';

let srv, browser, password, communityName;
const venue = { name: '好又多超市（沁园店）', address: '沁园路12号', contact: '王老板', phone: '13812345678' };
const venue2 = { name: '老王理发店', address: '沁园路16号' };
const venue3 = { name: '沁园街道3路公交', address: '沁园路公交首末站' };     // at the town itself

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  const admin = await apiLogin(srv.url, 'admin', password);
  const r = await api(srv.url, admin, 'POST', '/api/v1/users',
    { username: 'shop', password, role: 'venue_operator', node: TOWN, display_name: '王老板' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const n = await api(srv.url, admin, 'GET', `/api/v1/nodes/${COMMUNITY}`);
  communityName = n.body.name;
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const open = viewport => openPage(browser, srv, viewport);
const login = (page, username) => loginOk(page, srv, username, password);
const picture = (page, name, fullPage) => shot(page, SHOTS + name, fullPage);

const tab = (page, label) => page.locator('#nav a', { hasText: label });
const mineRow = (page, name) => page.locator('table.mine tbody tr', { hasText: name });

async function applyOnPage(page, v, { type, phone, place = COMMUNITY }) {
  const form = page.locator('form.venue-apply');
  await form.getByLabel('场所名称').fill(v.name);
  await form.getByLabel('场所类型').selectOption({ label: type });
  await form.getByLabel('村社区').selectOption(place);
  await form.getByLabel('详细地址').fill(v.address);
  await form.getByLabel('联系人').fill(venue.contact);
  await form.getByLabel('联系电话').fill(phone);
  await form.getByRole('button', { name: '提交申请' }).click();
}

test('a venue operator applies on 场所码申请 (360 px phone)', async () => {
  const page = await open(PHONE);
  await login(page, 'shop');
  assert.deepEqual(await page.locator('#nav a').allTextContents(), ['场所码申请']);
  await page.locator('h2', { hasText: '场所码申请' }).waitFor();
  await page.locator('.card', { hasText: '我的申请' }).locator('.status', { hasText: '您还没有提交过申请' }).waitFor();
  const form = page.locator('form.venue-apply');
  // the place: the operator's town is fixed, its communities to choose from
  await form.getByLabel('村社区').locator(`option[value="${COMMUNITY}"]`).waitFor({ state: 'attached' });
  // nothing chosen: the place is asked for first
  await form.getByLabel('场所名称').fill(venue.name);
  await form.getByRole('button', { name: '提交申请' }).click();
  await form.locator('.field-error[data-for="node"]', { hasText: '请选择场所所在的村（社区）' }).waitFor();
  // a bad phone: the error under the field, nothing applied
  await applyOnPage(page, venue, { type: '超市', phone: '1381234' });
  const phoneErr = form.locator('.field-error[data-for="contact_phone"]');
  await phoneErr.filter({ hasText: '11 位手机号' }).waitFor();
  assert.equal(await form.getByLabel('联系电话').getAttribute('aria-invalid'), 'true');
  await fits(page);
  await picture(page, 'phone-venue-apply-error.png');
  // right: applied, listed as pending
  await form.getByLabel('联系电话').fill(venue.phone);
  await form.getByRole('button', { name: '提交申请' }).click();
  await form.locator('.status.ok', { hasText: `已提交“${venue.name}”的申请` }).waitFor();
  await mineRow(page, venue.name).locator('.badge', { hasText: '待审核' }).waitFor();
  assert.match(await mineRow(page, venue.name).textContent(), new RegExp(communityName));
  // a second one, to be rejected
  await applyOnPage(page, venue2, { type: '理发店', phone: venue.phone });
  await mineRow(page, venue2.name).waitFor();
  // a third at the town itself (乡镇街道直属), left pending for the town
  await applyOnPage(page, venue3, { type: '公交线路', phone: venue.phone, place: TOWN });
  await mineRow(page, venue3.name).waitFor();
  assert.equal(await page.locator('table.mine tbody tr').count(), 3);
  await fits(page);
  await picture(page, 'phone-venue-apply.png');
  page.check();
  await page.done();
});

test('a community officer approves one and rejects one on 场所审核 (1366 px)', async () => {
  const page = await open(DESKTOP);
  await login(page, 'community');
  await tab(page, '场所审核').click();
  await page.locator('h2', { hasText: '场所审核' }).waitFor();
  const card = name => page.locator('.venue-card', { has: page.locator('.vc-name', { hasText: name }) });
  await card(venue.name).waitFor();
  assert.match(await card(venue.name).textContent(), /138\*\*\*\*5678/);
  assert.ok(!(await page.locator('body').textContent()).includes(venue.phone), 'the phone is masked');
  const figure = label => page.locator('dl.vfigures .figure', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  assert.equal(await figure('待审核').textContent(), '2');
  await fits(page);
  await picture(page, 'desktop-venue-review-pending.png');

  // approve: 通过, then 确认通过
  await card(venue.name).getByRole('button', { name: '通过' }).click();
  await card(venue.name).getByRole('button', { name: '确认通过' }).click();
  await page.locator('.status.ok', { hasText: `已通过“${venue.name}”` }).waitFor();
  await card(venue.name).waitFor({ state: 'detached' });
  const approvedRow = page.locator('table.decided tbody tr', { hasText: venue.name });
  await approvedRow.getByRole('link', { name: '场所码海报' }).waitFor();
  await page.locator('dl.vfigures .figure.ok dd', { hasText: '1' }).waitFor();

  // reject: a reason is needed
  await card(venue2.name).getByRole('button', { name: '驳回' }).click();
  await card(venue2.name).getByRole('button', { name: '确认驳回' }).click();
  await card(venue2.name).locator('.form-error', { hasText: '驳回须填写理由' }).waitFor();
  await card(venue2.name).getByLabel('驳回理由').fill('门牌号与营业执照不符');
  await card(venue2.name).getByRole('button', { name: '确认驳回' }).click();
  await page.locator('.status.ok', { hasText: `已驳回“${venue2.name}”` }).waitFor();
  await page.locator('.pending .status', { hasText: '没有待审核的申请' }).waitFor();
  await page.getByLabel('审核结果').selectOption('rejected');
  await page.locator('table.decided tbody tr', { hasText: venue2.name }).filter({ hasText: '门牌号与营业执照不符' }).waitFor();
  await page.getByLabel('审核结果').selectOption('approved');
  await approvedRow.waitFor();
  await fits(page);
  await picture(page, 'desktop-venue-review.png');
  page.check();
  await page.done();
});

test('the town sees the counts per community and descends (1366 and 360 px)', async () => {
  for (const [viewport, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    const page = await open(viewport);
    await login(page, 'town');
    await tab(page, '场所审核').click();
    const row = page.locator(`table.venue-counts tr[data-code="${COMMUNITY}"]`);
    await row.waitFor();
    // the bus line at the town itself: pending here, counted as 本级直属
    const bus = page.locator('.venue-card', { hasText: venue3.name });
    await bus.waitFor();
    assert.equal(await page.locator('table.venue-counts tr', { hasText: '本级直属' }).locator('td.applied').textContent(), '1');
    await bus.getByRole('button', { name: '驳回' }).click();
    await bus.getByLabel('驳回理由').waitFor();
    assert.equal(await row.locator('td.approved').textContent(), '1');
    assert.equal(await row.locator('td.rejected').textContent(), '1');
    assert.equal(await row.locator('td.total').textContent(), '2');
    await fits(page);
    await picture(page, `${name}-venue-review-town.png`);
    await bus.getByRole('button', { name: '取消' }).click();
    await bus.getByRole('button', { name: '通过' }).waitFor();
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`#/venue-review/${COMMUNITY}$`));
    await page.locator('.venue-totals h3', { hasText: communityName }).waitFor();
    await page.locator('table.decided tbody tr', { hasText: venue.name }).waitFor();
    await fits(page);
    if (name === 'phone') await picture(page, 'phone-venue-review-community.png');
    page.check();
    await page.done();
  }
});

test('the operator sees the outcomes and opens the A4 poster, whose QR code scans', async () => {
  const page = await open(DESKTOP);
  await login(page, 'shop');
  await mineRow(page, venue.name).locator('.badge', { hasText: '已通过' }).waitFor();
  await mineRow(page, venue2.name).locator('.reason', { hasText: '门牌号与营业执照不符' }).waitFor();
  await fits(page);
  await picture(page, 'desktop-venue-apply.png');
  const link = mineRow(page, venue.name).getByRole('link', { name: '打印海报' });
  const [poster] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await poster.waitForLoadState();
  await poster.locator('#sheet[data-ready="1"]').waitFor();
  assert.equal(await poster.locator('#venue-name').textContent(), venue.name);
  assert.equal(await poster.locator('#venue-address').textContent(), venue.address);
  await poster.locator('.call', { hasText: '请扫码登记' }).waitFor();
  await poster.locator('.steps', { hasText: '进入场所请主动扫码' }).waitFor();
  assert.ok(await poster.locator('#qr').evaluate(img => img.complete && img.naturalWidth > 0), 'the QR image loaded');
  assert.ok(await poster.getByRole('button', { name: '打印' }).isEnabled());
  await poster.screenshot({ path: SHOTS + 'desktop-venue-poster.png', fullPage: true });

  // the QR code on the page, read by a real decoder, is the scan URL
  const code = (await poster.locator('#venue-code').textContent()).trim();
  assert.match(code, /^[0-9a-hjkmnp-tv-z]{16}$/);
  const qrShot = SHOTS + 'desktop-venue-poster-qr.png';
  await poster.locator('.qr-box').screenshot({ path: qrShot });
  const text = execFileSync('zbarimg', ['--quiet', '--raw', qrShot],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(text, `${srv.url}/scan.html?v=${code}`);

  // in print: no toolbar, and one A4 page
  await poster.emulateMedia({ media: 'print' });
  assert.equal(await poster.locator('.toolbar').isVisible(), false);
  await poster.setViewportSize({ width: 794, height: 1123 });         // A4 at 96 dpi
  await poster.screenshot({ path: SHOTS + 'print-venue-poster.png' });
  const pdf = await poster.pdf({ preferCSSPageSize: true, printBackground: true });
  writeFileSync(SHOTS + 'venue-poster.pdf', pdf);
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || [];
  assert.equal(pages.length, 1, 'the poster prints on one page');
  await poster.emulateMedia({ media: 'screen' });
  page.check();
  await page.done();
});

test('the poster fits a 360 px phone; a venue not approved has none', async () => {
  const page = await open(PHONE);
  await login(page, 'shop');
  const id = await mineRow(page, venue.name).getAttribute('data-id');
  const rejected = await mineRow(page, venue2.name).getAttribute('data-id');
  await page.goto(`${srv.url}/venue-poster.html?id=${id}`);
  await page.locator('#sheet[data-ready="1"]').waitFor();
  await fits(page);
  await picture(page, 'phone-venue-poster.png');
  await page.goto(`${srv.url}/venue-poster.html?id=${rejected}`);
  await page.locator('#msg', { hasText: '未通过审核' }).waitFor();
  assert.equal(await page.locator('#sheet').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: '打印' }).isDisabled(), true);
  page.check();
  await page.done();
});
