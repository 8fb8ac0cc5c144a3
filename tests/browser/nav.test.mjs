// nav.test.mjs - the app page builds its tabs, its rights and its labels
// from the server, not from copies in the page: for several roles the tabs
// shown are GET /me's "nav" in order (the grid worker's home first), a
// read-only role sees no editing form and no stray text in 辖区管理, the
// status labels of 病例管理 are GET /meta's, and the label tables are
// fetched once per tab and again when the server's version changes.
//
//   make lianfang && LIANFANG_BIN=lianfang node --test tests/browser/nav.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login as apiLogin, api } from '../lib/server.mjs';
import { launch, openPage, loginOk, DESKTOP, PHONE } from '../lib/browser.mjs';

let srv, browser, password, meta;

before(async () => {
  srv = await startServer();
  password = srv.password.replace(/\)$/, '');
  browser = await launch();
  const admin = await apiLogin(srv.url, 'admin', password);
  const r = await api(srv.url, admin, 'POST', '/api/v1/users',
    { username: 'doc', role: 'medical', node: '419001', password });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  meta = (await api(srv.url, null, 'GET', '/api/v1/meta')).body;
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// The tabs the page shows: [id, text] in order.
const tabs = page => page.locator('#nav a').evaluateAll(as => as.map(a => [a.dataset.id, a.textContent]));

test('the tabs of each role are the server\'s list, in its order', async () => {
  for (const [user, viewport] of [['grid', PHONE], ['command', DESKTOP], ['auditor', DESKTOP],
    ['doc', DESKTOP], ['cdc', DESKTOP]]) {
    const page = await openPage(browser, srv, viewport);
    await loginOk(page, srv, user, password);
    await page.locator('#nav a').first().waitFor();
    const me = (await api(srv.url, await apiLogin(srv.url, user, password), 'GET', '/api/v1/me')).body;
    assert.ok(me.nav.length > 0, user);
    assert.deepEqual(await tabs(page), me.nav.map(m => [m.id, m.label]), user);
    // the page opens on the first (the role's home)
    assert.equal(await page.locator('#nav a[aria-current="page"]').getAttribute('data-id'),
      me.nav[0].id, user);
    page.check();
    await page.done();
  }
});

test('a read-only role: no editing forms in 辖区管理 and no stray text', async () => {
  const page = await openPage(browser, srv, DESKTOP);
  await loginOk(page, srv, 'doc', password);
  await page.getByRole('link', { name: '辖区管理' }).click();
  await page.locator('.node-card').waitFor();
  await page.locator('.tree-body table.children').waitFor();
  const text = await page.locator('.tree-body').innerText();
  assert.ok(!/null|undefined/.test(text), text.slice(-200));
  assert.equal(await page.locator('.tree-body form').count(), 0);
  assert.equal(await page.locator('.tree-body details.import-card').count(), 0);
  page.check();
  await page.done();
});

test('labels come from GET /meta, fetched once per tab and again for a new version', async () => {
  const page = await openPage(browser, srv, DESKTOP);
  let fetched = 0;
  page.on('request', r => { if (r.url().endsWith('/api/v1/meta')) fetched++; });
  await loginOk(page, srv, 'cdc', password);
  await page.getByRole('link', { name: '病例管理' }).click();
  const filter = page.locator('select[name="status"]').first();
  await filter.locator('option').nth(1).waitFor({ state: 'attached' });
  const shown = await filter.locator('option').evaluateAll(os => os.slice(1).map(o => [o.value, o.text]));
  assert.deepEqual(shown, meta.labels.case_status.map(r => [r.id, r.label]));
  assert.equal(fetched, 1);
  const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem('lf_meta')));
  assert.equal(kept.version, meta.version);

  // a reload uses the tab's copy
  await page.reload();
  await page.locator('#nav a').first().waitFor();
  assert.equal(fetched, 1);

  // a copy of another version (an older server) is replaced, its labels unused
  await page.evaluate(() => {
    const m = JSON.parse(sessionStorage.getItem('lf_meta'));
    m.version = '0000000000000000';
    m.labels.case_status = m.labels.case_status.map(r => ({ ...r, label: '旧' + r.label }));
    sessionStorage.setItem('lf_meta', JSON.stringify(m));
  });
  await page.reload();
  await filter.locator('option').nth(1).waitFor({ state: 'attached' });
  assert.equal(fetched, 2);
  assert.equal(await filter.locator('option').nth(1).textContent(), meta.labels.case_status[0].label);
  page.check();
  await page.done();
});
